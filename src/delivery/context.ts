import type { WaitReason } from '../couples/pace.ts';
import { CLOSING_KEY, isCheckinKey, lessonStep } from '../course/message-key.ts';
import { sharedCheckinQuestion, waitOf } from '../db/couples.ts';
import { checkinsBefore } from '../db/deliveries.ts';
import type { DeliveryRow, EnrollmentRow } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { journalOf } from '../reflections/journal.ts';
import { buildRecap } from '../reflections/recap.ts';

/** What a few messages need beyond the variant: looked up only for those messages. */
export interface MessageContext {
  readonly recap?: { html: string; text: string };
  readonly checkinIndex?: number;
  /** A lesson that waited for the partner: why (the email says so in a sentence). */
  readonly waited?: WaitReason;
}

/**
 * The per-recipient content of a message: the closing email's recap of the subscriber's own
 * reflections, which question a check-in asks, and whether a lesson of a couples course
 * waited for the partner. Other messages need nothing, so a day's lessons of other courses
 * cost no extra queries.
 */
export async function messageContext(
  deps: Pick<Deps, 'db' | 'cipher' | 'courses'>,
  delivery: Pick<DeliveryRow, 'id' | 'enrollment_id' | 'message_key'>,
  subscriber: Pick<EnrollmentRow, 'id' | 'role' | 'course_id'>,
): Promise<MessageContext> {
  if (delivery.message_key === CLOSING_KEY) {
    return { recap: buildRecap(await journalOf(deps, subscriber)) };
  }
  if (isCheckinKey(delivery.message_key)) {
    // A shared check-in asks the question fixed when it was planned (couples courses only).
    const shared = deps.courses.byId(subscriber.course_id)?.couples
      ? await sharedCheckinQuestion(deps.db, delivery.enrollment_id, delivery.message_key)
      : null;
    if (shared !== null) return { checkinIndex: shared };
    // One COUNT (the same rule as checkinIndexOf), not every delivery the subscriber had.
    return { checkinIndex: await checkinsBefore(deps.db, delivery) };
  }
  const step = lessonStep(delivery.message_key);
  if (step !== null && deps.courses.byId(subscriber.course_id)?.couples) {
    // One lookup by primary key, for lessons of couples courses only.
    const waited = await waitOf(deps.db, delivery.enrollment_id, step);
    return waited ? { waited } : {};
  }
  return {};
}
