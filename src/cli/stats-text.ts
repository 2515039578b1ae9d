import type { Funnel } from '../admin/funnel.ts';
import type { Overview } from '../admin/overview.ts';
import type { Course } from '../course/course.ts';

const n = (value: number) => value.toLocaleString('en');

/** Pure: the console's overview and funnel as plain text for a terminal. */
export function statsText(
  overview: Overview,
  funnels: readonly { course: Pick<Course, 'id' | 'title'>; funnel: Funnel }[],
): string {
  const lines: string[] = [];
  const row = (label: string, value: number, width = 34) =>
    lines.push(`  ${label.padEnd(width)}${n(value).padStart(9)}`);

  lines.push(`Subscribers (${n(overview.totalSubscribers)})`);
  for (const { status, count } of overview.subscribers) row(status, count);
  lines.push('', `Emails sent (days from midnight, weeks from Monday, ${overview.sent.zone})`);
  row('today', overview.sent.today);
  row('this week', overview.sent.week);
  lines.push('', 'Stops and suppressions');
  row('unsubscribed', overview.stops.unsubscribed);
  row('bounced', overview.stops.bounced);
  row('complained', overview.stops.complained);
  row('suppressed by the provider', overview.stops.suppressed);
  row('erased (kept only as a hash)', overview.stops.erased);
  lines.push(
    '',
    `Failures (${n(overview.failedTotal)} failed for good, ${n(overview.retrying)} to retry)`,
  );
  for (const failure of overview.failures)
    lines.push(`  ${n(failure.count).padStart(7)}  ${failure.reason}`);

  const header = ['sent', 'delivered', 'bounced', 'complained', 'reflected', 'unsub. after'];
  for (const { course, funnel } of funnels) {
    lines.push('', `Funnel: ${course.title} (${course.id})`);
    lines.push(`  ${'email'.padEnd(14)}${header.map((h) => h.padStart(13)).join('')}`);
    for (const r of funnel.rows) {
      const values = [
        r.sent,
        r.delivered,
        r.bounced,
        r.complained,
        r.reflected,
        r.unsubscribedAfter,
      ];
      lines.push(`  ${r.key.padEnd(14)}${values.map((v) => n(v).padStart(13)).join('')}`);
    }
    lines.push(`  unsubscribed before any course email: ${n(funnel.unsubscribedBeforeAny)}`);
  }
  return `${lines.join('\n')}\n`;
}
