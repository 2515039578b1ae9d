import { weekdaysFromDigits, weekdaysToDigits } from '../course/time.ts';
import type { Enrollment, EnrollmentChange, Subscriber } from '../subscribers/enrollment.ts';
import type { EnrollmentRow, EnrollmentUpdate, SubscriberRow } from './schema.ts';

/**
 * Rows become domain objects here, at the edge of src/db: 0/1 become booleans, ISO strings
 * become instants, weekday strings ('135') become lists. Nothing outside src/db sees a row.
 */

/** Weekdays are stored as their digits in order ('135'); '' is none (check-ins off). */
export const parseWeekdays = weekdaysFromDigits;
const weekdaysColumn = weekdaysToDigits;

export function instant(value: string): Date;
export function instant(value: string | null): Date | null;
export function instant(value: string | null): Date | null {
  return value === null ? null : new Date(value);
}

/**
 * The stored form of an instant. Every instant Tend writes is `toISOString()`, so a compare
 * and set on a column (updateEnrollmentIfUnchanged) matches the value it was read from.
 */
export function isoColumn(value: Date | null): string | null {
  return value === null ? null : value.toISOString();
}

export function toSubscriber(row: SubscriberRow): Subscriber {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    createdAt: instant(row.created_at),
    updatedAt: instant(row.updated_at),
  };
}

export function toEnrollment(row: EnrollmentRow): Enrollment {
  return {
    id: row.id,
    subscriberId: row.subscriber_id,
    courseId: row.course_id,
    email: row.email,
    name: row.name,
    role: row.role,
    timezone: row.timezone,
    sendTime: row.send_time,
    sendDays: parseWeekdays(row.send_days),
    discreet: row.discreet === 1,
    status: row.status,
    round: row.round,
    nextStep: row.next_step,
    nextSendAt: instant(row.next_send_at),
    pausedUntil: instant(row.paused_until),
    stopReason: row.stop_reason,
    createdAt: instant(row.created_at),
    confirmedAt: instant(row.confirmed_at),
    unsubscribedAt: instant(row.unsubscribed_at),
    updatedAt: instant(row.updated_at),
    checkinDays: parseWeekdays(row.checkin_days),
    checkinTime: row.checkin_time,
    nextCheckinAt: instant(row.next_checkin_at),
    acknowledgeReplies: row.acknowledge_replies === 1,
    checkinsTogether: row.checkins_together === 1,
  };
}

/** The columns of a change; fields the change leaves out stay as they are. */
export function enrollmentColumns(change: EnrollmentChange): EnrollmentUpdate {
  const c = change;
  const columns: EnrollmentUpdate = {};
  if (c.role !== undefined) columns.role = c.role;
  if (c.timezone !== undefined) columns.timezone = c.timezone;
  if (c.sendTime !== undefined) columns.send_time = c.sendTime;
  if (c.sendDays !== undefined) columns.send_days = weekdaysColumn(c.sendDays);
  if (c.discreet !== undefined) columns.discreet = c.discreet ? 1 : 0;
  if (c.status !== undefined) columns.status = c.status;
  if (c.round !== undefined) columns.round = c.round;
  if (c.nextStep !== undefined) columns.next_step = c.nextStep;
  if (c.nextSendAt !== undefined) columns.next_send_at = isoColumn(c.nextSendAt);
  if (c.pausedUntil !== undefined) columns.paused_until = isoColumn(c.pausedUntil);
  if (c.stopReason !== undefined) columns.stop_reason = c.stopReason;
  if (c.confirmedAt !== undefined) columns.confirmed_at = isoColumn(c.confirmedAt);
  if (c.unsubscribedAt !== undefined) columns.unsubscribed_at = isoColumn(c.unsubscribedAt);
  if (c.updatedAt !== undefined) columns.updated_at = c.updatedAt.toISOString();
  if (c.checkinDays !== undefined) columns.checkin_days = weekdaysColumn(c.checkinDays);
  if (c.checkinTime !== undefined) columns.checkin_time = c.checkinTime;
  if (c.nextCheckinAt !== undefined) columns.next_checkin_at = isoColumn(c.nextCheckinAt);
  if (c.acknowledgeReplies !== undefined) {
    columns.acknowledge_replies = c.acknowledgeReplies ? 1 : 0;
  }
  if (c.checkinsTogether !== undefined) columns.checkins_together = c.checkinsTogether ? 1 : 0;
  return columns;
}
