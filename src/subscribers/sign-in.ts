import { SIGN_IN_KEY } from '../course/message-key.ts';
import { enrollmentsOf } from '../db/enrollments.ts';
import {
  deleteSession,
  findSignInLink,
  forgetSignInLink,
  insertSession,
  recordSignInLink,
  spendSignInLink,
  touchSession,
} from '../db/sign-ins.ts';
import { findSubscriber, findSubscriberByEmail } from '../db/subscribers.ts';
import { composerFor } from '../delivery/send.ts';
import type { Deps } from '../deps.ts';
import type { Subscriber } from '../subscribers/enrollment.ts';
import { newTokenId } from '../tokens/token.ts';
import { before, SESSION_IDLE_MS, SIGN_IN_EVERY_MS, SIGN_IN_LINK_MS } from '../tokens/windows.ts';
import { normalizeEmail } from './signup-input.ts';
import { MAY_SIGN_IN } from './states.ts';

/**
 * Emails a sign-in link to `address` if it is a person's with a course whose journal and
 * data we keep (someone who unsubscribed may still want to read, download or erase), at
 * most once per SIGN_IN_EVERY_MS (counted in the database). Says nothing about the outcome:
 * the page answers the same whatever the address, and the link goes only to its owner. The
 * email speaks for their first such course (its name, or its discreet one).
 */
export async function requestSignIn(deps: Deps, address: string): Promise<void> {
  const email = normalizeEmail(address);
  const person = email ? await findSubscriberByEmail(deps.db, email) : undefined;
  const subscriber = person
    ? (await enrollmentsOf(deps.db, person.id)).find((e) => MAY_SIGN_IN.includes(e.status))
    : undefined;
  if (!person || !subscriber) return;
  const now = deps.clock();
  const tokenId = newTokenId();
  const recorded = await recordSignInLink(deps.db, {
    subscriberId: person.id,
    tokenId,
    now: now.toISOString(),
    since: before(now, SIGN_IN_EVERY_MS),
  });
  if (!recorded) {
    deps.log.info('signin.limited', { subscriber: subscriber.id });
    return;
  }
  const message = await composerFor(deps, deps.courses.of(subscriber.courseId)).compose({
    subscriber,
    // Not a delivery: the id only names the email's Idempotency-Key (`tend-<token id>`).
    delivery: { id: 0, messageKey: SIGN_IN_KEY, tokenId },
    tokens: { signin: await deps.signer.sign(tokenId, 'signin') },
  });
  const result = await deps.mailer.send(message);
  if (!result.ok) {
    // Asking again must not be refused for a link that never left.
    await forgetSignInLink(deps.db, tokenId);
    deps.log.warn('signin.unsent', { subscriber: subscriber.id, reason: result.failure.reason });
    return;
  }
  deps.log.info('signin.sent', { subscriber: subscriber.id });
}

export type SignInLinkState = 'ready' | 'used' | 'expired' | 'invalid';

/** What a sign-in link would do now, for the page its GET shows (which changes nothing). */
export async function signInLinkState(
  deps: Pick<Deps, 'db' | 'signer' | 'clock'>,
  token: string,
): Promise<SignInLinkState> {
  const verified = await deps.signer.verify(token, ['signin']);
  const link = verified ? await findSignInLink(deps.db, verified.id) : undefined;
  if (!link) return 'invalid';
  if (link.used_at !== null) return 'used';
  return link.created_at < before(deps.clock(), SIGN_IN_LINK_MS) ? 'expired' : 'ready';
}

/**
 * Uses a sign-in link (once, within SIGN_IN_LINK_MS) to start a session for its subscriber.
 * The new session's id, for the cookie, or null when the link does not sign in.
 */
export async function signIn(
  deps: Pick<Deps, 'db' | 'signer' | 'clock'>,
  token: string,
): Promise<string | null> {
  const verified = await deps.signer.verify(token, ['signin']);
  if (!verified) return null;
  const now = deps.clock();
  const subscriberId = await spendSignInLink(deps.db, {
    tokenId: verified.id,
    now: now.toISOString(),
    since: before(now, SIGN_IN_LINK_MS),
  });
  if (subscriberId === null) return null;
  const sessionId = newTokenId() + newTokenId();
  await insertSession(deps.db, {
    idHash: await sessionHash(sessionId),
    subscriberId,
    now: now.toISOString(),
    forgetBefore: before(now, SESSION_IDLE_MS),
  });
  return sessionId;
}

/** The person signed in with this session id, if the session is still open. */
export async function sessionSubscriber(
  deps: Pick<Deps, 'db' | 'clock'>,
  sessionId: string | undefined,
): Promise<Subscriber | null> {
  if (!sessionId || !SESSION_ID.test(sessionId)) return null;
  const now = deps.clock();
  const subscriberId = await touchSession(deps.db, {
    idHash: await sessionHash(sessionId),
    now: now.toISOString(),
    since: before(now, SESSION_IDLE_MS),
  });
  return subscriberId === null ? null : ((await findSubscriber(deps.db, subscriberId)) ?? null);
}

export async function signOut(deps: Pick<Deps, 'db'>, sessionId: string | undefined) {
  if (sessionId && SESSION_ID.test(sessionId)) {
    await deleteSession(deps.db, await sessionHash(sessionId));
  }
}

/** Two token ids: 256 random bits in lowercase base32. */
const SESSION_ID = /^[a-z2-7]{52}$/;

async function sessionHash(sessionId: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(sessionId));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
