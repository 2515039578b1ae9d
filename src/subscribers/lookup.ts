import { findDeliveryByTokenId } from '../db/deliveries.ts';
import type { DeliveryRow, SubscriberRow } from '../db/schema.ts';
import { findSubscriber } from '../db/subscribers.ts';
import type { Deps } from '../deps.ts';

export interface TokenOwner {
  delivery: DeliveryRow;
  subscriber: SubscriberRow;
}

/** The delivery and subscriber a link token names, or null for any token that is not valid. */
export async function ownerOfToken(
  deps: Pick<Deps, 'db' | 'signer'>,
  token: string,
): Promise<TokenOwner | null> {
  const tokenId = await deps.signer.verify(token);
  if (!tokenId) return null;
  const delivery = await findDeliveryByTokenId(deps.db, tokenId);
  if (!delivery) return null;
  const subscriber = await findSubscriber(deps.db, delivery.subscriber_id);
  return subscriber ? { delivery, subscriber } : null;
}
