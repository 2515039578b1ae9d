import type { WaitReason } from '../couples/pace.ts';
import { CLOSING_KEY, isCheckinKey, lessonStep } from '../course/message-key.ts';
import { sharedCheckinQuestion, waitsOf } from '../db/couples.ts';
import { checkinsBefore } from '../db/deliveries.ts';
import type { DeliveryRow, EnrollmentRow } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { journalOf } from '../reflections/journal.ts';
import { buildRecap } from '../reflections/recap.ts';

/** What a few messages need beyond the variant: looked up only for those messages. */
export interface MessageContext {
  readonly recap?: { html: string; text: string };
  readonly checkinIndex?: number;
}

/**
 * The per-recipient content of a message: the closing email's recap of the subscriber's own
 * reflections, and which question a check-in asks. Other messages need nothing, so a day's
 * lessons cost no extra queries here (whether one waited is looked up per batch: batchWaits).
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
  return {};
}

/**
 * Which lessons of a sending batch waited for the partner (couples mode), by delivery id:
 * one query for the whole batch, and none when it holds no lesson of a couples course.
 */
export async function batchWaits(
  deps: Pick<Deps, 'db' | 'courses'>,
  members: readonly {
    delivery: Pick<DeliveryRow, 'id' | 'enrollment_id' | 'message_key'>;
    subscriber: Pick<EnrollmentRow, 'course_id'>;
  }[],
): Promise<Map<number, WaitReason>> {
  const lessons = members.flatMap(({ delivery, subscriber }) => {
    const step = lessonStep(delivery.message_key);
    return step !== null && deps.courses.byId(subscriber.course_id)?.couples
      ? [{ delivery, step }]
      : [];
  });
  const waited = new Map<number, WaitReason>();
  if (lessons.length === 0) return waited;
  const rows = await waitsOf(deps.db, [...new Set(lessons.map((l) => l.delivery.enrollment_id))]);
  const reasons = new Map(rows.map((row) => [`${row.enrollment_id}:${row.step}`, row.reason]));
  for (const { delivery, step } of lessons) {
    const reason = reasons.get(`${delivery.enrollment_id}:${step}`);
    if (reason) waited.set(delivery.id, reason);
  }
  return waited;
}
