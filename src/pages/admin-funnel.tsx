/** @jsxImportSource hono/jsx */

import type { Funnel, FunnelRow } from '../admin/funnel.ts';
import type { Course } from '../course/course.ts';
import { lessonStep } from '../course/message-key.ts';
import { AdminPage, TableBox } from './admin-layout.tsx';

const number = (value: number) => value.toLocaleString('en');

export function FunnelPage(props: { course: Course; courses: readonly Course[]; funnel: Funnel }) {
  const { rows, unsubscribedBeforeAny } = props.funnel;
  return (
    <AdminPage title={`Funnel: ${props.course.title}`}>
      {props.courses.length > 1 ? (
        <nav class="switcher" aria-label="Courses">
          <ul>
            {props.courses.map((course) => (
              <li key={course.id}>
                <a
                  class="pill"
                  href={`/admin/funnel?course=${course.id}`}
                  {...(course === props.course ? { 'aria-current': 'page' as const } : {})}
                >
                  {course.title}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <p class="muted">
        Each course email in the order readers get it. Delivered, bounced and complained come from
        the provider's events (or the email's own status where no event came). Reflected counts
        replies and journal entries, never their words. "Unsubscribed after" counts people whose
        last email before leaving was this one.
      </p>
      <FunnelChart rows={rows} />
      <h2>The same numbers as a table</h2>
      <TableBox label="Funnel numbers">
        <table>
          <thead>
            <tr>
              <th>Email</th>
              <th class="n">Sent</th>
              <th class="n">Delivered</th>
              <th class="n">Bounced</th>
              <th class="n">Complained</th>
              <th class="n">Reflected</th>
              <th class="n">Unsubscribed after</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key} data-key={row.key}>
                <td>{row.label}</td>
                <td class="n">{number(row.sent)}</td>
                <td class="n">{number(row.delivered)}</td>
                <td class="n">{number(row.bounced)}</td>
                <td class="n">{number(row.complained)}</td>
                <td class="n">{number(row.reflected)}</td>
                <td class="n">{number(row.unsubscribedAfter)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableBox>
      <p class="muted">Unsubscribed before any course email: {number(unsubscribedBeforeAny)}.</p>
    </AdminPage>
  );
}

const SERIES = [
  { name: 'sent', label: 'Sent', value: (row: FunnelRow) => row.sent },
  { name: 'delivered', label: 'Delivered', value: (row: FunnelRow) => row.delivered },
  { name: 'reflected', label: 'Reflected', value: (row: FunnelRow) => row.reflected },
  {
    name: 'unsubscribed',
    label: 'Unsubscribed after',
    value: (row: FunnelRow) => row.unsubscribedAfter,
  },
] as const;

/**
 * One group of bars per email, each bar on its own line with its name and its number, so
 * that labels and bars line up at any width and the numbers stay readable on a phone. Each
 * bar is a tiny SVG whose rect is sized by attribute (the CSP forbids inline styles); its
 * colour comes from the console's stylesheet. No script, no library.
 */
export function FunnelChart(props: { rows: readonly FunnelRow[] }) {
  const max = Math.max(1, ...props.rows.flatMap((row) => SERIES.map((s) => s.value(row))));
  return (
    <figure class="funnel">
      <figcaption class="muted">
        Per email: sent, delivered, reflected, unsubscribed after.
      </figcaption>
      {props.rows.map((row) => (
        <section class="funnel-email" key={row.key} aria-label={shortLabel(row.key)}>
          <h3>{shortLabel(row.key)}</h3>
          <dl>
            {SERIES.map((series) => {
              const value = series.value(row);
              const width = value > 0 ? Math.max(0.5, (value / max) * 100) : 0;
              return (
                <div class={`funnel-bar ${series.name}`} key={series.name}>
                  <dt>{series.label}</dt>
                  <dd>
                    <svg
                      viewBox="0 0 100 10"
                      preserveAspectRatio="none"
                      aria-hidden="true"
                      focusable="false"
                    >
                      <rect x={0} y={0} width={Number(width.toFixed(2))} height={10}>
                        <title>{`${series.label}: ${value}`}</title>
                      </rect>
                    </svg>
                    <span class="n">{number(value)}</span>
                  </dd>
                </div>
              );
            })}
          </dl>
        </section>
      ))}
    </figure>
  );
}

function shortLabel(key: string): string {
  const step = lessonStep(key);
  if (step !== null) return `Lesson ${step}`;
  if (key === 'checkin') return 'Check-ins';
  return key.charAt(0).toUpperCase() + key.slice(1);
}
