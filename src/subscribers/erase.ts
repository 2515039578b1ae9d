import { deliveriesOf } from '../db/deliveries.ts';
import { enrollmentsOf } from '../db/enrollments.ts';
import { deleteOutboxMessagesTo } from '../db/outbox.ts';
import { signInTokenIdsOf } from '../db/sign-ins.ts';
import { deleteSubscriber, scrubDeletedData } from '../db/subscribers.ts';
import { suppressAddressHash } from '../db/suppressed-addresses.ts';
import type { Deps } from '../deps.ts';
import { deliveryIdempotencyKey } from '../mail/message.ts';
import { outboxId } from '../mail/outbox.ts';
import { forgetErasedInWebhooks } from '../outgoing/erasure.ts';
import type { Subscriber } from '../subscribers/enrollment.ts';
import { MAILABLE } from './states.ts';

/**
 * Erases a person at their request: the row goes, and with it every enrollment, delivery
 * and reflection (ON DELETE CASCADE, in the same statement). Someone who had left every
 * course first (or whom the operator erases) leaves a keyed one-way hash of their address
 * behind, so neither a signup nor an import ever mails them again; that write comes first,
 * so a crash between the two leaves them suppressed and still present, and erasing again
 * finishes the job.
 *
 * Copies in the development outbox go too (the closing email holds their reflections). They
 * are named after their deliveries, so they are removed while those rows still say which:
 * a crash after that leaves the subscriber present, and erasing again finishes the job.
 */
export async function erase(
  deps: Pick<Deps, 'db' | 'clock' | 'addressHasher' | 'log' | 'outbox'>,
  subscriber: Pick<Subscriber, 'id' | 'email'>,
  options: { suppress?: boolean } = {},
): Promise<void> {
  const enrollments = await enrollmentsOf(deps.db, subscriber.id);
  const left = enrollments.find((enrollment) => !MAILABLE.includes(enrollment.status));
  if (options.suppress || (left && enrollments.every((e) => !MAILABLE.includes(e.status)))) {
    await suppressAddressHash(deps.db, {
      hash: await deps.addressHasher(subscriber.email),
      reason: left?.status ?? 'unsubscribed',
      now: deps.clock().toISOString(),
    });
  }
  if (deps.outbox) {
    // Course emails, and sign-in emails (no delivery rows, but keyed the same way).
    const tokenIds = [await signInTokenIdsOf(deps.db, subscriber.id)];
    for (const enrollment of enrollments) {
      tokenIds.push((await deliveriesOf(deps.db, enrollment.id)).map((d) => d.tokenId));
    }
    await deps.outbox.remove(tokenIds.flat().map((id) => outboxId(deliveryIdempotencyKey(id))));
  }
  await deleteSubscriber(deps.db, subscriber.id);
  await deleteOutboxMessagesTo(deps.db, subscriber.email);
  await scrubDeletedData(deps.db);
  await forgetErasedInWebhooks(deps, subscriber.id);
  deps.log.info('subscriber.erased', { subscriber: subscriber.id });
}
