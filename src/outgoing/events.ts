/**
 * The events Tend posts to the operator's webhook endpoints, and the body of each. A body
 * follows the Standard Webhooks shape, `{ type, timestamp, data }`. Bodies name people by id
 * (and the address only where a new person appears: created, confirmed); never a word
 * anyone wrote, never a token.
 */
export const EVENT_TYPES = [
  'subscriber.created',
  'subscriber.confirmed',
  'enrollment.completed',
  'email.sent',
  'email.bounced',
  'email.complained',
  'subscriber.unsubscribed',
  'subscriber.erased',
  'reflection.added',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as readonly string[]).includes(value);
}

/**
 * What each event's `data` holds. `subscriber_id` is the person (one address), whatever
 * course; `enrollment_id` their place in one course.
 */
export interface EventData {
  'subscriber.created': {
    subscriber_id: number;
    enrollment_id: number;
    email: string;
    course: string;
    /** True when consent was given elsewhere (API `confirmed: true`). */
    confirmed: boolean;
  };
  'subscriber.confirmed': {
    subscriber_id: number;
    enrollment_id: number;
    email: string;
    course: string;
  };
  'enrollment.completed': { subscriber_id: number; enrollment_id: number; course: string };
  'email.sent': EmailEvent;
  'email.bounced': EmailEvent;
  'email.complained': EmailEvent;
  'subscriber.unsubscribed': {
    subscriber_id: number;
    enrollment_id: number;
    course: string;
    reason: string;
  };
  'subscriber.erased': { subscriber_id: number };
  /** Which lesson was reflected on, and how many reflections the enrollment has now. */
  'reflection.added': {
    subscriber_id: number;
    enrollment_id: number;
    message: string;
    count: number;
  };
}

interface EmailEvent {
  subscriber_id: number;
  enrollment_id: number;
  delivery_id: number;
  /** The message key: confirm:1, welcome, lesson:3, closing, checkin:2026-12-06, … */
  message: string;
}

export interface OutgoingEvent<T extends EventType = EventType> {
  readonly type: T;
  readonly data: EventData[T];
}

/** The body sent for an event that happened at `at`. */
export function eventBody(event: OutgoingEvent, at: Date): string {
  return JSON.stringify({ type: event.type, timestamp: at.toISOString(), data: event.data });
}

/**
 * Parses `a,b` as typed by the operator: null for every event (nothing given, or `*`), the
 * names otherwise, or the first unknown name.
 */
export function parseEventList(
  raw: string | readonly string[] | undefined,
): { ok: true; events: EventType[] | null } | { ok: false; unknown: string } {
  const names = (typeof raw === 'string' ? raw.split(',') : (raw ?? []))
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0 || names.includes('*')) return { ok: true, events: null };
  const events: EventType[] = [];
  for (const name of names) {
    if (!isEventType(name)) return { ok: false, unknown: name.slice(0, 60) };
    if (!events.includes(name)) events.push(name);
  }
  return { ok: true, events };
}
