import { linkConfirmedInvitee } from '../couples/invite.ts';
import { isConfirmKey } from '../course/message-key.ts';
import { latestConfirmationId } from '../db/deliveries.ts';
import { activateEnrollment } from '../db/enrollments.ts';
import { pendingSignupOf } from '../db/pending-signups.ts';
import { deliverNow } from '../delivery/tick.ts';
import type { Deps } from '../deps.ts';
import { CONFIRMATION_DAYS } from '../mail/email-element.ts';
import { emit } from '../outgoing/emit.ts';
import type { TokenOwner } from './lookup.ts';
import { ENROLLED } from './states.ts';

export type ConfirmOutcome = 'confirmed' | 'already' | 'expired' | 'replaced' | 'invalid';

/**
 * Is this token a confirmation link that still works at `now`? Only the address's most
 * recent confirmation does (`latestId`, its delivery id): an older one is 'replaced', and
 * confirms nothing, since a later signup may have asked for other settings.
 */
export function confirmationState(
  owner: TokenOwner | null,
  latestId: number | undefined,
  now: Date,
): ConfirmOutcome {
  if (!owner || !isConfirmKey(owner.delivery.messageKey)) return 'invalid';
  if (owner.subscriber.status !== 'pending') {
    return ENROLLED.includes(owner.subscriber.status) ? 'already' : 'invalid';
  }
  if (latestId !== undefined && latestId !== owner.delivery.id) return 'replaced';
  const age = now.getTime() - owner.delivery.createdAt.getTime();
  return age > CONFIRMATION_DAYS * 86_400_000 ? 'expired' : 'confirmed';
}

/** confirmationState, looking up the address's most recent confirmation. */
export async function checkConfirmation(
  deps: Pick<Deps, 'db' | 'clock'>,
  owner: TokenOwner | null,
): Promise<ConfirmOutcome> {
  const latest = owner ? await latestConfirmationId(deps.db, owner.subscriber.id) : undefined;
  return confirmationState(owner, latest, deps.clock());
}

/**
 * Confirms, applying the profile its signup gave if it was for an address already known
 * (src/subscribers/signup.ts), then sends the welcome at once (the scheduler would
 * otherwise within a minute).
 */
export async function confirm(deps: Deps, owner: TokenOwner | null): Promise<ConfirmOutcome> {
  const now = deps.clock();
  const state = await checkConfirmation(deps, owner);
  if (state !== 'confirmed' || !owner) return state;
  const profile = await pendingSignupOf(deps.db, owner.delivery.id);
  const activated = await activateEnrollment(
    deps.db,
    owner.subscriber.id,
    now.toISOString(),
    profile,
  );
  if (!activated) return 'already';
  await emit(deps, 'subscriber.confirmed', {
    subscriber_id: owner.subscriber.subscriberId,
    enrollment_id: owner.subscriber.id,
    email: owner.subscriber.email,
    course: owner.subscriber.courseId,
  });
  // A signup that came through an invitation is linked now, before its welcome (pacing
  // together counts from here). A failure leaves the two unlinked, never half-linked.
  await linkConfirmedInvitee(deps, { ...owner.subscriber, status: 'active' }).catch((error) =>
    deps.log.warn('couples.link_failed', { reason: (error as Error).message }),
  );
  try {
    await deliverNow(deps, owner.subscriber.id);
  } catch (error) {
    // The scheduler will send it; the person has confirmed either way.
    deps.log.warn('confirm.welcome_deferred', { reason: (error as Error).message });
  }
  return 'confirmed';
}
