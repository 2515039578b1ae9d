import { deleteWebhookMessagesOf } from '../db/webhooks.ts';
import type { Deps } from '../deps.ts';
import { emit } from './emit.ts';

/**
 * After an erasure: every ledger row that named the person goes (their address was in some),
 * delivered or not, and one `subscriber.erased` (an id, nothing more) takes their place, so
 * that the operator's other tools can erase them too.
 */
export async function forgetErasedInWebhooks(
  deps: Pick<Deps, 'db' | 'clock' | 'log'>,
  subscriberId: number,
): Promise<void> {
  await deleteWebhookMessagesOf(deps.db, subscriberId);
  await emit(deps, 'subscriber.erased', { subscriber_id: subscriberId });
}
