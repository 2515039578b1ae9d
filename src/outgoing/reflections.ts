import { reflectionCountOf } from '../db/admin-subscribers.ts';
import type { Deps } from '../deps.ts';
import { emit } from './emit.ts';

/** `reflection.added`: which email was reflected on and how many there are now; no text. */
export async function emitReflectionAdded(
  deps: Pick<Deps, 'db' | 'clock' | 'log'>,
  subscriberId: number,
  messageKey: string,
): Promise<void> {
  const count = await reflectionCountOf(deps.db, subscriberId);
  await emit(deps, 'reflection.added', { subscriber_id: subscriberId, message: messageKey, count });
}
