import { confirmKey } from '../course/message-key.ts';
import { confirmationDeliveries, insertDelivery } from '../db/deliveries.ts';
import {
  enrollmentsOf,
  findEnrollmentByEmail,
  insertEnrollmentIfNew,
  updateEnrollmentIfStatus,
} from '../db/enrollments.ts';
import { insertPendingSignup } from '../db/pending-signups.ts';
import { ensureSubscriber, findSubscriberByEmail } from '../db/subscribers.ts';
import { isAddressHashSuppressed } from '../db/suppressed-addresses.ts';
import type { Delivery } from '../delivery/delivery.ts';
import type { Deps } from '../deps.ts';
import { emitEvents } from '../outgoing/emit.ts';
import type { OutgoingEvent } from '../outgoing/events.ts';
import type { Enrollment } from '../subscribers/enrollment.ts';
import { newTokenId } from '../tokens/token.ts';
import { normalizeEmail, type SignupInput } from './signup-input.ts';
import { ENROLLED, STOPPED } from './states.ts';

/** A pending address gets at most one new confirmation email per this interval... */
export const RESEND_CONFIRMATION_AFTER_MS = 10 * 60 * 1000;
/** ...and at most this many a day, whatever the route that asks. */
export const CONFIRMATIONS_PER_DAY = 3;

/**
 * Records a signup for a course without revealing whether the address was known: the caller
 * answers the same in every case. The address is a person (subscribers), added if new; the
 * course is their enrollment in it. New and returning (unsubscribed, bounced) enrollments
 * become pending and
 * get a confirmation queued; pending ones get another within the limits of
 * mayQueueConfirmation; enrolled ones (active, paused, completed) get nothing. An address
 * erased after it left (src/subscribers/erase.ts) gets nothing, ever. Addresses are told
 * apart without regard to letter case.
 *
 * A signup never changes an enrollment that was already there, since the person signing up
 * may not own the address: the profile it gives (name, role, time zone, time, discreet) is
 * kept with its own confirmation (pending_signups) and applied only if that confirmation is
 * used (src/subscribers/confirm.ts). A returning address only becomes pending again.
 *
 * Nothing is sent here. Returns whether a confirmation was queued, so that the caller can
 * have it sent once it has answered (sendConfirmations; the scheduler's pass sends it too).
 * The writes are ordered for crash safety without transactions (D1 has none): the person,
 * the enrollment, then the confirmation delivery, then (for a known enrollment) its profile.
 * A crash after the first leaves a person without the enrollment, after the second a
 * pending enrollment without a confirmation: the next signup repairs either; after the
 * third, a confirmation that, if used, confirms the enrollment with the profile it had.
 *
 * The webhook event of a new enrollment is recorded last; given `events`, it is added there
 * instead, for a caller that records the events of many signups in its own transaction
 * (signup-batches.ts).
 */
export async function signUp(
  deps: Deps,
  input: SignupInput,
  events?: OutgoingEvent[],
): Promise<boolean> {
  const now = deps.clock();
  const nowIso = now.toISOString();
  const place = {
    role: input.role,
    timezone: input.timezone,
    send_time: input.sendTime,
    discreet: input.discreet ? 1 : 0,
  };
  const profile = { name: input.name, ...place };
  for (const hasher of [deps.addressHasher, ...(deps.previousAddressHashers ?? [])]) {
    if (await isAddressHashSuppressed(deps.db, await hasher(input.email))) return false;
  }

  // The common case, a new enrollment: the person (if new), the enrollment, its confirmation.
  const person = await ensureSubscriber(deps.db, {
    email: input.email,
    name: input.name,
    now: nowIso,
  });
  const created = await insertEnrollmentIfNew(deps.db, {
    subscriber_id: person.id,
    ...place,
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
    await queueConfirmation(deps, { enrollmentId: created, round: 0, number: 1, now: nowIso });
    const event: OutgoingEvent = {
      type: 'subscriber.created',
      data: {
        subscriber_id: person.id,
        enrollment_id: created,
        email: input.email,
        course: input.course.id,
        confirmed: false,
      },
    };
    if (events) events.push(event);
    else await emitEvents(deps, [event]);
    return true;
  }

  // A known enrollment (or one that another signup has just created).
  const existing = await findEnrollmentByEmail(deps.db, input.email, input.course.id);
  // Gone between the two statements (erased meanwhile): nothing to do.
  if (!existing || ENROLLED.includes(existing.status)) return false;
  if (existing.status !== 'pending') {
    // A returning enrollment starts afresh: check-ins asked for before leaving stay off.
    const updated = await updateEnrollmentIfStatus(deps.db, existing.id, STOPPED, {
      status: 'pending',
      checkinDays: [],
      nextCheckinAt: null,
      updatedAt: now,
    });
    if (!updated) return false;
  }

  const previous = await confirmationDeliveries(deps.db, existing.id);
  if (!mayQueueConfirmation(previous, now)) return false;
  const tokenId = await queueConfirmation(deps, {
    enrollmentId: existing.id,
    round: existing.round,
    number: previous.length + 1,
    now: now.toISOString(),
  });
  await insertPendingSignup(deps.db, { tokenId, profile, now: nowIso });
  return true;
}

/**
 * "Send it again" from the check-your-inbox page: queues another confirmation for each
 * enrollment of an address still waiting to confirm, within the same limits as a signup
 * (mayQueueConfirmation). Changes nothing else. Returns whether one was queued; the caller
 * answers the same either way, so the page tells no one whether an address is known.
 */
export async function resendConfirmation(deps: Deps, rawEmail: string): Promise<boolean> {
  const email = normalizeEmail(rawEmail.slice(0, 320));
  if (!email) return false;
  const person = await findSubscriberByEmail(deps.db, email);
  if (!person) return false;
  const pending = (await enrollmentsOf(deps.db, person.id)).filter(
    (enrollment) => enrollment.status === 'pending',
  );
  let queued = false;
  for (const enrollment of pending) queued = (await resendTo(deps, enrollment)) || queued;
  return queued;
}

async function resendTo(deps: Deps, enrollment: Enrollment): Promise<boolean> {
  const now = deps.clock();
  const previous = await confirmationDeliveries(deps.db, enrollment.id);
  if (!mayQueueConfirmation(previous, now)) return false;
  await queueConfirmation(deps, {
    enrollmentId: enrollment.id,
    round: enrollment.round,
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
  previous: readonly Pick<Delivery, 'createdAt' | 'status'>[],
  now: Date,
): boolean {
  const ages = previous
    .filter((delivery) => delivery.status !== 'cancelled' && delivery.status !== 'failed')
    .map((delivery) => now.getTime() - delivery.createdAt.getTime());
  if (ages.some((age) => age < RESEND_CONFIRMATION_AFTER_MS)) return false;
  return ages.filter((age) => age < 86_400_000).length < CONFIRMATIONS_PER_DAY;
}

async function queueConfirmation(
  deps: Deps,
  confirmation: { enrollmentId: number; round: number; number: number; now: string },
): Promise<string> {
  const tokenId = newTokenId();
  await insertDelivery(deps.db, {
    enrollmentId: confirmation.enrollmentId,
    round: confirmation.round,
    messageKey: confirmKey(confirmation.number),
    tokenId,
    dueAt: confirmation.now,
    now: confirmation.now,
  });
  return tokenId;
}
