import { resendMailer } from '../../src/mail/resend.ts';
import { type TestDeps, testDeps } from './deps.ts';
import type { AcceptedEmail, ResendServer } from './resend-server.ts';

/** Test deps whose mailer is the real Resend adapter pointed at the double. */
export async function resendTestDeps(
  api: ResendServer,
  options: { start?: string; timeoutMs?: number; env?: Record<string, string> } = {},
): Promise<TestDeps> {
  let deps: TestDeps | undefined;
  const mailer = resendMailer({
    apiKey: 're_test',
    baseUrl: api.url,
    timeoutMs: options.timeoutMs ?? 5000,
    clock: () => deps?.clock() ?? new Date(),
  });
  deps = await testDeps({
    mailer,
    env: { RESEND_API_KEY: 're_test', RESEND_BASE_URL: api.url, ...options.env },
    ...(options.start ? { start: options.start } : {}),
  });
  return deps;
}

export const tagOf = (email: AcceptedEmail, name: string) =>
  email.tags.find((tag) => tag.name === name)?.value;

/** How many times each (recipient, message) reached the provider. */
export function deliveriesByRecipient(accepted: readonly AcceptedEmail[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const email of accepted) {
    const key = `${email.to.join(',')} ${tagOf(email, 'message')}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
