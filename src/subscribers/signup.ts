import { confirmationDeliveries, insertDelivery } from '../db/deliveries.ts';
import { insertPendingSignup } from '../db/pending-signups.ts';
import type { DeliveryRow } from '../db/schema.ts';
import {
  ENROLLED,
  findSubscriberByEmail,
  insertSubscriberIfNew,
  updateSubscriberIfStatus,
} from '../db/subscribers.ts';
import { isAddressHashSuppressed } from '../db/suppressed-addresses.ts';
import type { Deps } from '../deps.ts';
import { emit } from '../outgoing/emit.ts';
import { newTokenId } from '../tokens/token.ts';
import { normalizeEmail, type SignupInput } from './signup-input.ts';

/** A pending address gets at most one new confirmation email per this interval... */
export const RESEND_CONFIRMATION_AFTER_MS = 10 * 60 * 1000;
/** ...and at most this many a day, whatever the route that asks. */
export const CONFIRMATIONS_PER_DAY = 3;

/**
 * Records a signup without revealing whether the address was known: the caller answers the
 * same in every case. New and returning (unsubscribed, bounced) addresses become pending and
 * get a confirmation queued; pending ones get another within the limits of
 * mayQueueConfirmation; enrolled ones (active, paused, completed) get nothing. An address
 * erased after it left (src/subscribers/erase.ts) gets nothing, ever. Addresses are told
 * apart without regard to letter case.
 *
 * A signup never changes a subscriber that was already there, since the person signing up
 * may not own the address: the profile it gives (name, role, time zone, time, discreet) is
 * kept with its own confirmation (pending_signups) and applied only if that confirmation is
 * used (src/subscribers/confirm.ts). A returning address only becomes pending again.
 *
 * Nothing is sent here. Returns whether a confirmation was queued, so that the caller can
 * have it sent once it has answered (sendConfirmations; the scheduler's pass sends it too).
 * The writes are ordered for crash safety without transactions (D1 has none): the
 * subscriber first, then the confirmation delivery, then (for a known address) its
 * profile. A crash after the first leaves a pending subscriber without a confirmation,
 * which the next signup for the address repairs; after the second, a confirmation that,
 * if used, confirms the address with the profile it had.
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
  };
  for (const hasher of [deps.addressHasher, ...(deps.previousAddressHashers ?? [])]) {
    if (await isAddressHashSuppressed(deps.db, await hasher(input.email))) return false;
  }

  // The common case, a new address, in two writes: the subscriber, then its confirmation.
  const created = await insertSubscriberIfNew(deps.db, {
    email: input.email,
    ...profile,
    course_id: input.course.id,
    send_days: input.course.schedule.sendDays.join(''),
    status: 'pending',
    next_send_at: null,
    paused_until: null,
    stop_reason: null,
    created_at: nowIso,
    confirmed_at: null,
    unsubscribed_at: null,
    updated_at: nowIso,
  });
  if (created !== undefined) {
    await queueConfirmation(deps, { subscriberId: created, round: 0, number: 1, now: nowIso });
    await emit(deps, 'subscriber.created', {
      subscriber_id: created,
      email: input.email,
      course: input.course.id,
      confirmed: false,
    });
    return true;
  }

  // A known address, in any letter case (or one that another signup has just created).
  const existing = await findSubscriberByEmail(deps.db, input.email);
  // Gone between the two statements (erased meanwhile): nothing to do.
  if (!existing || ENROLLED.includes(existing.status)) return false;
  if (existing.status !== 'pending') {
    const from = ['unsubscribed', 'bounced', 'complained', 'suppressed'] as const;
    // A returning address starts afresh: check-ins asked for before leaving stay off.
    const updated = await updateSubscriberIfStatus(deps.db, existing.id, from, {
      status: 'pending',
      checkin_days: '',
      next_checkin_at: null,
      updated_at: nowIso,
    });
    if (!updated) return false;
  }

  const previous = await confirmationDeliveries(deps.db, existing.id);
  if (!mayQueueConfirmation(previous, now)) return false;
  const tokenId = await queueConfirmation(deps, {
    subscriberId: existing.id,
    round: existing.round,
    number: previous.length + 1,
    now: now.toISOString(),
  });
  await insertPendingSignup(deps.db, { tokenId, profile, now: nowIso });
  return true;
}

/**
 * "Send it again" from the check-your-inbox page: queues another confirmation for an
 * address still waiting to confirm, within the same limits as a signup (mayQueueConfirmation).
 * Changes nothing else. Returns whether one was queued; the caller answers the same either
 * way, so the page tells no one whether an address is known.
 */
export async function resendConfirmation(deps: Deps, rawEmail: string): Promise<boolean> {
  const email = normalizeEmail(rawEmail.slice(0, 320));
  if (!email) return false;
  const subscriber = await findSubscriberByEmail(deps.db, email);
  if (subscriber?.status !== 'pending') return false;
  const now = deps.clock();
  const previous = await confirmationDeliveries(deps.db, subscriber.id);
  if (!mayQueueConfirmation(previous, now)) return false;
  await queueConfirmation(deps, {
    subscriberId: subscriber.id,
    round: subscriber.round,
    number: previous.length + 1,
    now: now.toISOString(),
  });
  return true;
}

/**
 * Pure: may another confirmation be queued for an address, given its earlier ones (any
 * order)? Not within ten minutes of the last, nor beyond three a day. Confirmations that
 * never went out (cancelled, failed) do not count.
 */
export function mayQueueConfirmation(
  previous: readonly Pick<DeliveryRow, 'created_at' | 'status'>[],
  now: Date,
): boolean {
  const ages = previous
    .filter((delivery) => delivery.status !== 'cancelled' && delivery.status !== 'failed')
    .map((delivery) => now.getTime() - Date.parse(delivery.created_at));
  if (ages.some((age) => age < RESEND_CONFIRMATION_AFTER_MS)) return false;
  return ages.filter((age) => age < 86_400_000).length < CONFIRMATIONS_PER_DAY;
}

async function queueConfirmation(
  deps: Deps,
  confirmation: { subscriberId: number; round: number; number: number; now: string },
): Promise<string> {
  const tokenId = newTokenId();
  await insertDelivery(deps.db, {
    subscriberId: confirmation.subscriberId,
    round: confirmation.round,
    messageKey: `confirm:${confirmation.number}`,
    tokenId,
    dueAt: confirmation.now,
    now: confirmation.now,
  });
  return tokenId;
}
