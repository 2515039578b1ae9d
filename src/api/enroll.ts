import { insertConfirmedEnrollment } from '../db/api-subscribers.ts';
import { isAddressHashSuppressed } from '../db/suppressed-addresses.ts';
import type { Deps } from '../deps.ts';
import { emit } from '../outgoing/emit.ts';
import type { SignupInput } from '../subscribers/signup-input.ts';

/**
 * Enrolls someone who consented elsewhere (`confirmed: true`): started at once, as a
 * confirmation would, with the consent recorded under `source`. An enrollment already there
 * changes nothing, and an erased address is never brought back, as with a signup. Says
 * whether an enrollment was added; the caller answers the same either way.
 */
export async function enrollConfirmed(
  deps: Deps,
  input: SignupInput,
  source: string,
): Promise<boolean> {
  for (const hasher of [deps.addressHasher, ...(deps.previousAddressHashers ?? [])]) {
    if (await isAddressHashSuppressed(deps.db, await hasher(input.email))) return false;
  }
  const added = await insertConfirmedEnrollment(deps.db, {
    email: input.email,
    name: input.name,
    role: input.role,
    timezone: input.timezone,
    sendTime: input.sendTime,
    sendDays: input.course.schedule.sendDays.join(''),
    discreet: input.discreet,
    courseId: input.course.id,
    source,
    now: deps.clock().toISOString(),
  });
  if (!added) return false;
  const event = {
    subscriber_id: added.subscriberId,
    enrollment_id: added.enrollmentId,
    email: input.email,
    course: input.course.id,
  };
  await emit(deps, 'subscriber.created', { ...event, confirmed: true });
  await emit(deps, 'subscriber.confirmed', event);
  return true;
}
