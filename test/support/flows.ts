import type { Hono } from 'hono';
import { createApp } from '../../src/app.ts';
import { tick } from '../../src/delivery/tick.ts';
import type { OutgoingEmail } from '../../src/mail/message.ts';
import type { Purpose } from '../../src/tokens/purpose.ts';
import { PUBLIC_URL, type TestDeps } from './deps.ts';

export const ORIGIN = { Origin: PUBLIC_URL };

export function form(fields: Record<string, string>): RequestInit {
  return {
    method: 'POST',
    headers: { ...ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  };
}

/**
 * The token of an email's link for `purpose` (each link has its own), or of its Reply-To
 * address for 'reply'. Without a purpose: its confirmation or unsubscribe link's.
 */
export function tokenOf(email: OutgoingEmail, purpose?: Purpose): string {
  const match =
    purpose === 'reply'
      ? /^reply\+([a-z2-7]+)@/.exec(email.replyTo ?? '')
      : new RegExp(`/(?:${purpose ?? 'confirm|unsubscribe'})/([a-z2-7]+)`).exec(email.text);
  if (!match?.[1]) throw new Error(`no ${purpose ?? ''} token in email "${email.subject}"`);
  return match[1];
}

export function emailsTo(deps: TestDeps, address: string): OutgoingEmail[] {
  return deps.sent.filter((email) => email.to === address);
}

/** The message behind an email, from the tag Tend puts on every email. */
export function messageOf(email: OutgoingEmail): string {
  return email.tags.find((tag) => tag.name === 'message')?.value ?? '';
}

export interface Reader {
  address: string;
  app: Hono;
}

/** Signs up and confirms through the HTTP routes, as a person would. */
export async function subscribeAndConfirm(
  deps: TestDeps,
  fields: {
    email: string;
    timezone?: string;
    send_time?: string;
    role?: string;
    name?: string;
    course?: string;
    discreet?: string;
  },
  app: Hono = createApp(deps),
): Promise<Reader> {
  const response = await app.request(
    '/subscribe',
    form({ role: 'hurt', timezone: 'UTC', send_time: '08:00', name: 'Sam', ...fields }),
  );
  if (response.status !== 303) throw new Error(`signup answered ${response.status}`);
  const confirmation = emailsTo(deps, fields.email).at(-1);
  if (!confirmation) throw new Error('no confirmation email');
  const confirmed = await app.request(`/confirm/${tokenOf(confirmation)}`, form({}));
  if (confirmed.status !== 200) throw new Error(`confirm answered ${confirmed.status}`);
  return { address: fields.email, app };
}

/** Runs the scheduler once a minute from the clock's time until `until`. */
export async function runScheduler(deps: TestDeps, until: string, stepMinutes = 1) {
  const end = new Date(until).getTime();
  while (deps.clock().getTime() < end) {
    deps.clock.advance(stepMinutes * 60_000);
    await tick(deps, deps.clock());
  }
}

/**
 * Signs in as a subscriber would: asks for a sign-in link for `address`, follows the link
 * from the email and presses its button. The session cookie, as a `Cookie` header value.
 */
export async function signInCookie(deps: TestDeps, app: Hono, address: string): Promise<string> {
  const before = deps.sent.length;
  const asked = await app.request('/signin', form({ email: address }));
  if (asked.status !== 200) throw new Error(`/signin answered ${asked.status}`);
  const email = deps.sent.slice(before).find((sent) => sent.to === address);
  if (!email) throw new Error(`no sign-in email to ${address}`);
  const signedIn = await app.request(`/signin/${tokenOf(email, 'signin')}`, form({}));
  const cookie = signedIn.headers.get('set-cookie')?.split(';')[0];
  if (signedIn.status !== 303 || !cookie) throw new Error(`sign-in answered ${signedIn.status}`);
  return cookie;
}

/** A request init with a session cookie added. */
export function withCookie(init: RequestInit, cookie: string): RequestInit {
  return { ...init, headers: { ...(init.headers as Record<string, string>), Cookie: cookie } };
}
