import { activateSubscriber, ENROLLED } from '../db/subscribers.ts';
import { deliverNow } from '../delivery/tick.ts';
import type { Deps } from '../deps.ts';
import { CONFIRMATION_DAYS } from '../mail/compose.ts';
import type { TokenOwner } from './lookup.ts';

export type ConfirmOutcome = 'confirmed' | 'already' | 'expired' | 'invalid';

/** Is this token a confirmation link that still works at `now`? */
export function confirmationState(owner: TokenOwner | null, now: Date): ConfirmOutcome {
  if (!owner?.delivery.message_key.startsWith('confirm:')) return 'invalid';
  if (owner.subscriber.status !== 'pending') {
    return ENROLLED.includes(owner.subscriber.status) ? 'already' : 'invalid';
  }
  const age = now.getTime() - Date.parse(owner.delivery.created_at);
  return age > CONFIRMATION_DAYS * 86_400_000 ? 'expired' : 'confirmed';
}

/** Confirms, then sends the welcome at once (the scheduler would otherwise within a minute). */
export async function confirm(deps: Deps, owner: TokenOwner | null): Promise<ConfirmOutcome> {
  const now = deps.clock();
  const state = confirmationState(owner, now);
  if (state !== 'confirmed' || !owner) return state;
  const activated = await activateSubscriber(deps.db, owner.subscriber.id, now.toISOString());
  if (!activated) return 'already';
  try {
    await deliverNow(deps, owner.subscriber.id);
  } catch (error) {
    // The scheduler will send it; the person has confirmed either way.
    deps.log.warn('confirm.welcome_deferred', { reason: (error as Error).message });
  }
  return 'confirmed';
}
