import { insertConfirmedSubscriber } from '../db/api-subscribers.ts';
import { isAddressHashSuppressed } from '../db/suppressed-addresses.ts';
import type { Deps } from '../deps.ts';
import { emit } from '../outgoing/emit.ts';
import type { SignupInput } from '../subscribers/signup-input.ts';

/**
 * Enrolls someone who consented elsewhere (`confirmed: true`): started at once, as a
 * confirmation would, with the consent recorded under `source`. A known address changes
 * nothing, and an erased one is never brought back, as with a signup. Says whether a
 * subscriber was added; the caller answers the same either way.
 */
export async function enrollConfirmed(
  deps: Deps,
  input: SignupInput,
  courseId: string,
  source: string,
): Promise<boolean> {
  for (const hasher of [deps.addressHasher, ...(deps.previousAddressHashers ?? [])]) {
    if (await isAddressHashSuppressed(deps.db, await hasher(input.email))) return false;
  }
  const now = deps.clock().toISOString();
  const id = await insertConfirmedSubscriber(deps.db, {
    email: input.email,
    name: input.name,
    role: input.role,
    timezone: input.timezone,
    sendTime: input.sendTime,
    discreet: input.discreet,
    courseId,
    source,
    now,
  });
  if (id === undefined) return false;
  const person = { subscriber_id: id, email: input.email, course: courseId };
  await emit(deps, 'subscriber.created', { ...person, confirmed: true });
  await emit(deps, 'subscriber.confirmed', person);
  return true;
}
