import { DateTime } from 'luxon';
import { expect } from 'vitest';
import type { TestDeps } from '../support/deps.ts';
import { enrollmentByEmail } from '../support/enrollments.ts';
import {
  emailsTo,
  form,
  messageOf,
  subscribeAndConfirm,
  tokenOf,
  withCookie,
} from '../support/flows.ts';

/** Signs up and confirms through HTTP; returns the welcome email's token. */
export async function enroll(
  deps: TestDeps,
  fields: { email: string; timezone?: string; send_time?: string; name?: string; role?: string },
) {
  const reader = await subscribeAndConfirm(deps, fields);
  const welcome = emailsTo(deps, fields.email).find((email) => messageOf(email) === 'welcome');
  if (!welcome) throw new Error('no welcome');
  return { ...reader, token: tokenOf(welcome, 'preferences'), welcome };
}

/** The settings form as the page fills it in, with `changes` on top. */
export function settingsForm(
  current: { name?: string; role?: string; timezone: string; send_time: string; days?: string },
  changes: Record<string, string> = {},
): Record<string, string> {
  const fields: Record<string, string> = {
    action: 'settings',
    name: current.name ?? 'Sam',
    role: current.role ?? 'hurt',
    timezone: current.timezone,
    send_time: current.send_time,
    acknowledge_replies: 'on',
  };
  for (const day of current.days ?? '1234567') fields[`send_day_${day}`] = 'on';
  return { ...fields, ...changes };
}

export async function post(
  reader: { app: { request: (path: string, init: RequestInit) => Response | Promise<Response> } },
  token: string,
  fields: Record<string, string>,
  /** A session cookie (signInCookie): the data export and erasure need one. */
  cookie?: string,
) {
  const init = form(fields);
  const response = await reader.app.request(
    `/preferences/${token}`,
    cookie ? withCookie(init, cookie) : init,
  );
  return { status: response.status, html: await response.text(), response };
}

export interface SentRow {
  key: string;
  round: number;
  sentAt: string;
  date: string;
  time: string;
  weekday: number;
}

/** Sent course mail and check-ins of one address, in order, with their local date and time. */
export async function sentLocally(deps: TestDeps, address: string, zone: string) {
  const rows = await deps.db
    .selectFrom('deliveries')
    .innerJoin('enrollments', 'enrollments.id', 'deliveries.enrollment_id')
    .innerJoin('subscribers', 'subscribers.id', 'enrollments.subscriber_id')
    .select(['deliveries.message_key', 'deliveries.sent_at', 'deliveries.round'])
    .where('subscribers.email', '=', address)
    .where('deliveries.sent_at', 'is not', null)
    .where('deliveries.message_key', 'not like', 'confirm:%')
    .orderBy('deliveries.sent_at')
    .orderBy('deliveries.id')
    .execute();
  return rows.map((row): SentRow => {
    const local = DateTime.fromISO(row.sent_at ?? '', { zone });
    return {
      key: row.message_key,
      round: row.round,
      sentAt: row.sent_at ?? '',
      date: local.toISODate() ?? '',
      time: local.toFormat('HH:mm'),
      weekday: local.weekday,
    };
  });
}

/**
 * The course's promises, checked on what went out: every lesson once and in order (none
 * skipped, none twice), at most one a local day (in `zone` at the time it was sent), and
 * at least twelve hours apart.
 */
export function expectOrderlyCourse(rows: readonly SentRow[], zoneAt: (row: SentRow) => string) {
  const course = rows.filter((row) => !row.key.startsWith('checkin:'));
  expect(course.map((row) => row.key)).toEqual([
    'welcome',
    ...Array.from({ length: 10 }, (_, i) => `lesson:${i + 1}`),
    'closing',
  ]);
  for (let i = 1; i < course.length; i++) {
    const before = course[i - 1] as SentRow;
    const row = course[i] as SentRow;
    const gap = Date.parse(row.sentAt) - Date.parse(before.sentAt);
    expect(gap, `${before.key} -> ${row.key}`).toBeGreaterThanOrEqual(12 * 3600_000);
    const zone = zoneAt(row);
    const localDay = (r: SentRow) => DateTime.fromISO(r.sentAt, { zone }).toISODate();
    expect(localDay(row), `${row.key} on its own day`).not.toBe(localDay(before));
  }
}

/** The enrollment of an address, with its person's address and name. */
export async function subscriberRow(deps: TestDeps, email: string) {
  const row = await enrollmentByEmail(deps.db, email);
  if (!row) throw new Error(`no enrollment for ${email}`);
  return row;
}
