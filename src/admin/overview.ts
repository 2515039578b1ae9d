import { DateTime } from 'luxon';
import { failedLoginCount } from '../db/admin-logins.ts';
import {
  enrollmentCounts,
  failureReasons,
  retryingCount,
  sentCounts,
  subscriberCount,
  suppressedAddressCount,
} from '../db/admin-stats.ts';
import { countLinkedCouples } from '../db/couples.ts';
import type { EnrollmentStatus } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { ENROLLMENT_STATUSES } from '../subscribers/states.ts';
import { TOKEN_LENGTH } from '../tokens/token.ts';
import { FORGET_ATTEMPTS_MS } from './lockout.ts';

/** Every status, in the order a subscriber passes through them. */
export const STATUSES: readonly EnrollmentStatus[] = ENROLLMENT_STATUSES;

export interface Overview {
  /** Enrollments by status, every course together. */
  readonly subscribers: readonly { status: EnrollmentStatus; count: number }[];
  /** The same per course, in the courses' order. */
  readonly courses: readonly {
    readonly id: string;
    readonly title: string;
    readonly counts: readonly { status: EnrollmentStatus; count: number }[];
  }[];
  /** People (addresses), whatever courses they take. */
  readonly totalSubscribers: number;
  /** Emails sent since local midnight and since Monday, in `zone` (DEFAULT_TIMEZONE). */
  readonly sent: { readonly today: number; readonly week: number; readonly zone: string };
  /** Failed for good, grouped by reason (addresses and tokens blanked out). */
  readonly failures: readonly { reason: string; count: number }[];
  readonly failedTotal: number;
  readonly retrying: number;
  /** People mail no longer goes to, by why; `erased` are addresses kept only as hashes. */
  readonly stops: {
    readonly unsubscribed: number;
    readonly bounced: number;
    readonly complained: number;
    readonly suppressed: number;
    readonly erased: number;
  };
  /** Wrong passwords given at the console's sign-in in the last 24 hours, from anyone. */
  readonly failedSignIns: number;
  /** Couples linked now (couples mode): how many, never who. */
  readonly linkedCouples: number;
}

export async function loadOverview(
  deps: Pick<Deps, 'db' | 'config' | 'courses'>,
  now: Date,
): Promise<Overview> {
  const zone = deps.config.defaultTimezone;
  const [rows, people, sent, reasons, retrying, erased, failedSignIns, linkedCouples] =
    await Promise.all([
      enrollmentCounts(deps.db),
      subscriberCount(deps.db),
      sentCounts(deps.db, periodStarts(now, zone)),
      failureReasons(deps.db, 200),
      retryingCount(deps.db),
      suppressedAddressCount(deps.db),
      failedLoginCount(deps.db, new Date(now.getTime() - FORGET_ATTEMPTS_MS).toISOString()),
      countLinkedCouples(deps.db),
    ]);
  const count = (status: EnrollmentStatus, courseId?: string) =>
    rows
      .filter(
        (row) => row.status === status && (courseId === undefined || row.courseId === courseId),
      )
      .reduce((sum, row) => sum + row.count, 0);
  const failures = mergeReasons(reasons);
  return {
    subscribers: STATUSES.map((status) => ({ status, count: count(status) })),
    courses: deps.courses.all.map((course) => ({
      id: course.id,
      title: course.title,
      counts: STATUSES.map((status) => ({ status, count: count(status, course.id) })),
    })),
    totalSubscribers: people,
    sent: { ...sent, zone },
    failures: failures.slice(0, 20),
    failedTotal: failures.reduce((sum, row) => sum + row.count, 0),
    retrying,
    stops: {
      unsubscribed: count('unsubscribed'),
      bounced: count('bounced'),
      complained: count('complained'),
      suppressed: count('suppressed'),
      erased,
    },
    failedSignIns,
    linkedCouples,
  };
}

/** Pure: the starts of today and of this (ISO, Monday-first) week in `zone`, as UTC ISO. */
export function periodStarts(now: Date, zone: string): { today: string; week: string } {
  const local = DateTime.fromJSDate(now, { zone });
  return {
    today: local.startOf('day').toUTC().toISO() ?? now.toISOString(),
    week: local.startOf('week').toUTC().toISO() ?? now.toISOString(),
  };
}

const ADDRESS = /[^\s<>()[\]"',;:]+@[^\s<>()[\]"',;:]+/g;
const TOKEN = new RegExp(`[a-z2-7]{${TOKEN_LENGTH}}`, 'gi');

/**
 * Pure: a provider's error message fit for the console: an address or a link token that
 * found its way into it is blanked out, and it is cut to a readable length.
 */
export function cleanReason(reason: string): string {
  const clean = reason.replace(ADDRESS, '[address]').replace(TOKEN, '[token]').trim();
  return clean.length > 200 ? `${clean.slice(0, 197)}...` : clean;
}

function mergeReasons(rows: readonly { reason: string; count: number }[]) {
  const merged = new Map<string, number>();
  for (const row of rows) {
    const reason = cleanReason(row.reason);
    merged.set(reason, (merged.get(reason) ?? 0) + row.count);
  }
  return [...merged]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count);
}
