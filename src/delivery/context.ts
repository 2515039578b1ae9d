import type { WaitReason } from '../couples/pace.ts';
import { CLOSING_KEY, isCheckinKey, lessonStep } from '../course/message-key.ts';
import { sharedCheckinQuestion, waitsOf } from '../db/couples.ts';
import { checkinsBefore } from '../db/deliveries.ts';
import type { Delivery } from '../delivery/delivery.ts';
import type { Deps } from '../deps.ts';
import { journalOf } from '../reflections/journal.ts';
import { buildRecap } from '../reflections/recap.ts';
import type { Enrollment } from '../subscribers/enrollment.ts';

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
  delivery: Pick<Delivery, 'id' | 'enrollmentId' | 'messageKey'>,
  subscriber: Pick<Enrollment, 'id' | 'role' | 'courseId'>,
): Promise<MessageContext> {
  if (delivery.messageKey === CLOSING_KEY) {
    return { recap: buildRecap(await journalOf(deps, subscriber)) };
  }
  if (isCheckinKey(delivery.messageKey)) {
    // A shared check-in asks the question fixed when it was planned (couples courses only).
    const shared = deps.courses.byId(subscriber.courseId)?.couples
      ? await sharedCheckinQuestion(deps.db, delivery.enrollmentId, delivery.messageKey)
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
    delivery: Pick<Delivery, 'id' | 'enrollmentId' | 'messageKey'>;
    subscriber: Pick<Enrollment, 'courseId'>;
  }[],
): Promise<Map<number, WaitReason>> {
  const lessons = members.flatMap(({ delivery, subscriber }) => {
    const step = lessonStep(delivery.messageKey);
    return step !== null && deps.courses.byId(subscriber.courseId)?.couples
      ? [{ delivery, step }]
      : [];
  });
  const waited = new Map<number, WaitReason>();
  if (lessons.length === 0) return waited;
  const rows = await waitsOf(deps.db, [...new Set(lessons.map((l) => l.delivery.enrollmentId))]);
  const reasons = new Map(rows.map((row) => [`${row.enrollmentId}:${row.step}`, row.reason]));
  for (const { delivery, step } of lessons) {
    const reason = reasons.get(`${delivery.enrollmentId}:${step}`);
    if (reason) waited.set(delivery.id, reason);
  }
  return waited;
}
