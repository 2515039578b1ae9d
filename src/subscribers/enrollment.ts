import type { Weekday } from '../course/time.ts';
import type { EnrollmentStatus } from './states.ts';

/** A person: one address, whatever courses it takes. */
export interface Subscriber {
  readonly id: number;
  readonly email: string;
  readonly name: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/**
 * A person's place in one course, with their address and name: what mail and pages about it
 * need. src/db maps the row to this (booleans, instants, parsed weekdays) and back.
 */
export interface Enrollment {
  readonly id: number;
  readonly subscriberId: number;
  readonly courseId: string;
  readonly email: string;
  readonly name: string | null;
  /** A role id of the course (src/course/roles.ts); null: none chosen, every perspective. */
  readonly role: string | null;
  readonly timezone: string;
  /** Local wall-clock time, HH:MM. */
  readonly sendTime: string;
  readonly sendDays: readonly Weekday[];
  readonly discreet: boolean;
  readonly status: EnrollmentStatus;
  readonly round: number;
  readonly nextStep: number;
  readonly nextSendAt: Date | null;
  readonly pausedUntil: Date | null;
  readonly stopReason: string | null;
  readonly createdAt: Date;
  readonly confirmedAt: Date | null;
  readonly unsubscribedAt: Date | null;
  readonly updatedAt: Date;
  /** Weekdays of check-in reminders; empty when they are off. */
  readonly checkinDays: readonly Weekday[];
  readonly checkinTime: string;
  readonly nextCheckinAt: Date | null;
  readonly acknowledgeReplies: boolean;
  /** Couples mode: share check-ins with the linked partner (same question, same day). */
  readonly checkinsTogether: boolean;
}

/** What a change to an enrollment may set (the person's address and name are not its own). */
export type EnrollmentChange = Partial<
  Omit<Enrollment, 'id' | 'subscriberId' | 'courseId' | 'email' | 'name' | 'createdAt'>
>;
