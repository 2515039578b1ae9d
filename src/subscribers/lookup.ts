import { findDeliveryByTokenId } from '../db/deliveries.ts';
import { findEnrollment } from '../db/enrollments.ts';
import type { Delivery } from '../delivery/delivery.ts';
import type { Deps } from '../deps.ts';
import type { Enrollment } from '../subscribers/enrollment.ts';
import { ACCEPTS, type Purpose, type TokenPurpose } from '../tokens/purpose.ts';

export interface TokenOwner {
  delivery: Delivery;
  subscriber: Enrollment;
  /** What the token was signed for: the route's own purpose, or the old, unscoped one. */
  purpose: TokenPurpose;
}

/**
 * The delivery and subscriber a link token names, when the token was signed for what the
 * route `route` accepts (src/tokens/purpose.ts), or null for any other token: one from
 * another link, the Reply-To address, another secret, or a delivery that is gone.
 */
export async function ownerOfToken(
  deps: Pick<Deps, 'db' | 'signer'>,
  token: string,
  route: Purpose,
): Promise<TokenOwner | null> {
  const verified = await deps.signer.verify(token, ACCEPTS[route]);
  if (!verified) return null;
  const delivery = await findDeliveryByTokenId(deps.db, verified.id);
  if (!delivery) return null;
  const subscriber = await findEnrollment(deps.db, delivery.enrollmentId);
  return subscriber ? { delivery, subscriber, purpose: verified.purpose } : null;
}
