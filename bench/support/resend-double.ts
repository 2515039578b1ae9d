import { type Child, childEnv, jsonLine, spawnNode } from './processes.ts';

/** The Resend double (test/support/resend-server-main.ts) in its own process, bodies not kept. */
export async function startResendDouble(): Promise<{ child: Child; url: string }> {
  const child = spawnNode(['test/support/resend-server-main.ts'], childEnv({}));
  const url = await child.line((line) => {
    const value = jsonLine(line)?.url;
    return typeof value === 'string' ? value : undefined;
  }, 30_000);
  return { child, url };
}

/** How many requests the double has answered so far. */
export async function requestCount(url: string): Promise<number> {
  const response = await fetch(`${url}/_double/requests`);
  const body = (await response.json()) as { data: unknown[] };
  return body.data.length;
}
