import { nextSlotAfterChange, type Slots } from '../course/reschedule.ts';
import type { Db } from '../db/database.ts';
import { lastCheckinDelivery, lastCourseDelivery } from '../db/deliveries.ts';
import type { Delivery } from '../delivery/delivery.ts';
import type { Enrollment } from '../subscribers/enrollment.ts';

type Schedule = Pick<
  Enrollment,
  'sendTime' | 'timezone' | 'sendDays' | 'checkinDays' | 'checkinTime'
>;

export function courseSlots(subscriber: Schedule): Slots {
  return {
    sendTime: subscriber.sendTime,
    zone: subscriber.timezone,
    weekdays: subscriber.sendDays,
  };
}

export function checkinSlots(subscriber: Schedule): Slots {
  return {
    sendTime: subscriber.checkinTime,
    zone: subscriber.timezone,
    weekdays: subscriber.checkinDays,
  };
}

/**
 * When the last email of a kind reached (or will reach) the inbox: its sent time, or for one
 * still queued or being sent, now at the earliest.
 */
export function anchorOf(
  row: Pick<Delivery, 'dueAt' | 'sentAt'> | undefined,
  now: Date,
): Date | null {
  if (!row) return null;
  if (row.sentAt) return new Date(row.sentAt);
  return new Date(Math.max(row.dueAt.getTime(), now.getTime()));
}

/** Is the course over for this subscriber (closing email planned)? */
export function courseOver(subscriber: Pick<Enrollment, 'nextStep'>, lessons: number) {
  return subscriber.nextStep > lessons + 1;
}

/** The next lesson's time under the subscriber's (new) schedule; see nextSlotAfterChange. */
export async function nextLessonAt(
  db: Db,
  subscriber: Pick<Enrollment, 'id'> & Schedule,
  now: Date,
  options: { laterDay?: boolean } = {},
): Promise<Date> {
  const last = anchorOf(await lastCourseDelivery(db, subscriber.id), now);
  return nextSlotAfterChange({ slots: courseSlots(subscriber), last, now, ...options });
}

/** The next check-in's time, or null when check-ins are off. */
export async function nextCheckinAt(
  db: Db,
  subscriber: Pick<Enrollment, 'id'> & Schedule,
  now: Date,
): Promise<Date | null> {
  if (subscriber.checkinDays.length === 0) return null;
  const last = anchorOf(await lastCheckinDelivery(db, subscriber.id), now);
  return nextSlotAfterChange({ slots: checkinSlots(subscriber), last, now });
}
