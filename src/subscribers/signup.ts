import { confirmationDeliveries, insertDelivery } from '../db/deliveries.ts';
import type { SubscriberRow } from '../db/schema.ts';
import {
  ENROLLED,
  findSubscriberByEmail,
  insertSubscriberIfNew,
  updateSubscriberIfStatus,
} from '../db/subscribers.ts';
import { isAddressHashSuppressed } from '../db/suppressed-addresses.ts';
import type { Deps } from '../deps.ts';
import { newTokenId } from '../tokens/token.ts';
import { normalizeEmail, type SignupInput } from './signup-input.ts';

/** A pending address gets at most one new confirmation email per this interval. */
export const RESEND_CONFIRMATION_AFTER_MS = 10 * 60 * 1000;

/**
 * Records a signup without revealing whether the address was known: the caller answers the
 * same in every case. New and returning (unsubscribed, bounced) addresses become pending and
 * get a confirmation queued; pending ones get another at most every ten minutes; enrolled
 * ones (active, paused, completed) get nothing, and their settings are not touched, since
 * the person signing up may not be the owner of the address. An address erased after it
 * left (src/subscribers/erase.ts) gets nothing, ever.
 *
 * Nothing is sent here. Returns whether a confirmation was queued, so that the caller can
 * have it sent once it has answered (sendConfirmations; the scheduler's pass sends it too).
 * The writes are ordered for crash safety without transactions (D1 has none): the
 * subscriber first, then the confirmation delivery. A crash between the two leaves a pending
 * subscriber without a confirmation, which the next signup for the address repairs (it finds
 * no earlier confirmation and queues one); a crash after both leaves a queued confirmation,
 * which the next sending pass sends.
 */
export async function signUp(deps: Deps, input: SignupInput): Promise<boolean> {
  const now = deps.clock();
  const nowIso = now.toISOString();
  const profile = {
    name: input.name,
    role: input.role,
    timezone: input.timezone,
    send_time: input.sendTime,
    discreet: input.discreet ? 1 : 0,
    updated_at: nowIso,
  };
  const hash = await deps.addressHasher(input.email);
  if (await isAddressHashSuppressed(deps.db, hash)) return false;

  // The common case, a new address, in two writes: the subscriber, then its confirmation.
  const created = await insertSubscriberIfNew(deps.db, {
    email: input.email,
    ...profile,
    course_id: deps.course.id,
    status: 'pending',
    next_send_at: null,
    paused_until: null,
    stop_reason: null,
    created_at: nowIso,
    confirmed_at: null,
    unsubscribed_at: null,
  });
  if (created !== undefined) {
    await queueConfirmation(deps, { subscriberId: created, round: 0, number: 1, now: nowIso });
    return true;
  }

  // A known address (or one that another signup has just created).
  const existing = await findSubscriberByEmail(deps.db, input.email);
  // Gone between the two statements (erased meanwhile): nothing to do.
  if (!existing || ENROLLED.includes(existing.status)) return false;
  const from = ['pending', 'unsubscribed', 'bounced', 'complained', 'suppressed'] as const;
  // A returning address starts afresh: check-ins asked for before leaving stay off.
  const updated = await updateSubscriberIfStatus(deps.db, existing.id, from, {
    ...profile,
    status: 'pending',
    checkin_days: '',
    next_checkin_at: null,
  });
  if (!updated) return false;

  return queueAnotherConfirmation(deps, existing, now);
}

/**
 * "Send it again" from the check-your-inbox page: queues another confirmation for an
 * address still waiting to confirm, unless one was queued or sent for it in the last ten
 * minutes. Changes nothing else. Returns whether one was queued; the caller answers the
 * same either way, so the page tells no one whether an address is known.
 */
export async function resendConfirmation(deps: Deps, rawEmail: string): Promise<boolean> {
  const email = normalizeEmail(rawEmail.slice(0, 320));
  if (!email) return false;
  const subscriber = await findSubscriberByEmail(deps.db, email);
  if (subscriber?.status !== 'pending') return false;
  return queueAnotherConfirmation(deps, subscriber, deps.clock());
}

/**
 * Queues confirmation number N+1 unless the last one is younger than ten minutes. Two
 * requests at once both choose the same number, and the unique message key lets only one
 * of them in.
 */
async function queueAnotherConfirmation(
  deps: Deps,
  subscriber: Pick<SubscriberRow, 'id' | 'round'>,
  now: Date,
): Promise<boolean> {
  const previous = await confirmationDeliveries(deps.db, subscriber.id);
  const last = previous[0];
  if (last && now.getTime() - Date.parse(last.created_at) < RESEND_CONFIRMATION_AFTER_MS) {
    return false;
  }
  await queueConfirmation(deps, {
    subscriberId: subscriber.id,
    round: subscriber.round,
    number: previous.length + 1,
    now: now.toISOString(),
  });
  return true;
}

function queueConfirmation(
  deps: Deps,
  confirmation: { subscriberId: number; round: number; number: number; now: string },
): Promise<void> {
  return insertDelivery(deps.db, {
    subscriberId: confirmation.subscriberId,
    round: confirmation.round,
    messageKey: `confirm:${confirmation.number}`,
    tokenId: newTokenId(),
    dueAt: confirmation.now,
    now: confirmation.now,
  });
}
