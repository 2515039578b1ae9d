import type { Course } from '../course/course.ts';
import { CLOSING_KEY, lessonKey, WELCOME_KEY } from '../course/message-key.ts';
import {
  type DeliveryFunnelCounts,
  deliveryFunnelCounts,
  reflectionCounts,
  unsubscribedAfterCounts,
} from '../db/admin-stats.ts';
import type { Deps } from '../deps.ts';

export interface FunnelRow {
  /** 'welcome', 'lesson:1' ... 'closing', or 'checkin' for every check-in together. */
  readonly key: string;
  readonly label: string;
  readonly sent: number;
  readonly delivered: number;
  readonly bounced: number;
  readonly complained: number;
  readonly reflected: number;
  /** Unsubscribed with this as the last email they were sent. */
  readonly unsubscribedAfter: number;
}

export interface Funnel {
  readonly rows: readonly FunnelRow[];
  /** Unsubscribed before any course email reached them (after confirming, or never). */
  readonly unsubscribedBeforeAny: number;
}

/** The course's messages in the order a subscriber receives them, then check-ins. */
export function funnelKeys(course: Course): { key: string; label: string }[] {
  return [
    { key: WELCOME_KEY, label: 'Welcome' },
    ...course.lessons.map((lesson) => ({
      key: lessonKey(lesson.step),
      label: `Lesson ${lesson.step}: ${lesson.title}`,
    })),
    { key: CLOSING_KEY, label: 'Closing' },
    { key: 'checkin', label: 'Check-ins (all)' },
  ];
}

export async function loadFunnel(deps: Pick<Deps, 'db'>, course: Course): Promise<Funnel> {
  const [deliveries, reflections, unsubscribed] = await Promise.all([
    deliveryFunnelCounts(deps.db, course.id),
    reflectionCounts(deps.db, course.id),
    unsubscribedAfterCounts(deps.db, course.id),
  ]);
  return assembleFunnel(course, deliveries, reflections, unsubscribed);
}

/** Pure: the counts from the database laid out in course order, zeros where none. */
export function assembleFunnel(
  course: Course,
  deliveries: readonly DeliveryFunnelCounts[],
  reflections: readonly { bucket: string; count: number }[],
  unsubscribed: readonly { bucket: string | null; count: number }[],
): Funnel {
  const rows = funnelKeys(course).map(({ key, label }) => {
    const counts = deliveries.find((row) => row.bucket === key);
    return {
      key,
      label,
      sent: counts?.sent ?? 0,
      delivered: counts?.delivered ?? 0,
      bounced: counts?.bounced ?? 0,
      complained: counts?.complained ?? 0,
      reflected: reflections.find((row) => row.bucket === key)?.count ?? 0,
      unsubscribedAfter: unsubscribed.find((row) => row.bucket === key)?.count ?? 0,
    };
  });
  return {
    rows,
    unsubscribedBeforeAny: unsubscribed.find((row) => row.bucket === null)?.count ?? 0,
  };
}
