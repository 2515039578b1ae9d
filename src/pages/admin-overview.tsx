/** @jsxImportSource hono/jsx */
import type { Overview } from '../admin/overview.ts';
import { AdminPage, TableBox } from './admin-layout.tsx';

const number = (value: number) => value.toLocaleString('en');

export function OverviewPage(props: { overview: Overview }) {
  const { overview } = props;
  const { stops } = overview;
  return (
    <AdminPage title="Overview">
      <div class="grid">
        <section class="card">
          <p class="muted">Subscribers</p>
          <p class="big">{number(overview.totalSubscribers)}</p>
        </section>
        <section class="card">
          <p class="muted">Emails sent today</p>
          <p class="big">{number(overview.sent.today)}</p>
        </section>
        <section class="card">
          <p class="muted">Emails sent this week</p>
          <p class="big">{number(overview.sent.week)}</p>
        </section>
        <section class="card">
          <p class="muted">Couples linked</p>
          <p class="big">{number(overview.linkedCouples)}</p>
        </section>
        <section class="card">
          <p class="muted">Failed for good</p>
          <p class="big">{number(overview.failedTotal)}</p>
        </section>
      </div>
      <p class="muted">
        <small>Days and weeks (from Monday) in {overview.sent.zone}, the DEFAULT_TIMEZONE.</small>
      </p>

      <h2>Subscribers by course and status</h2>
      <TableBox label="Subscribers by course and status">
        <table>
          <thead>
            <tr>
              <th>Status</th>
              {overview.courses.map((course) => (
                <th key={course.id} class="n">
                  {course.title}
                </th>
              ))}
              {overview.courses.length > 1 ? <th class="n">All courses</th> : null}
            </tr>
          </thead>
          <tbody>
            {overview.subscribers.map((row, index) => (
              <tr key={row.status}>
                <th>{row.status}</th>
                {overview.courses.map((course) => (
                  <td key={course.id} class="n">
                    {number(course.counts[index]?.count ?? 0)}
                  </td>
                ))}
                {overview.courses.length > 1 ? <td class="n">{number(row.count)}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </TableBox>

      <h2>Stops and suppressions</h2>
      <TableBox label="Stops and suppressions">
        <table>
          <tbody>
            <tr>
              <th>Unsubscribed</th>
              <td class="n">{number(stops.unsubscribed)}</td>
            </tr>
            <tr>
              <th>Bounced (address does not exist)</th>
              <td class="n">{number(stops.bounced)}</td>
            </tr>
            <tr>
              <th>Complained (marked as spam)</th>
              <td class="n">{number(stops.complained)}</td>
            </tr>
            <tr>
              <th>Suppressed by the provider</th>
              <td class="n">{number(stops.suppressed)}</td>
            </tr>
            <tr>
              <th>Erased, never to be mailed again (kept only as a hash)</th>
              <td class="n">{number(stops.erased)}</td>
            </tr>
          </tbody>
        </table>
      </TableBox>

      <h2>Failures</h2>
      <p class="muted">
        {number(overview.retrying)} email{overview.retrying === 1 ? '' : 's'} waiting to be tried
        again.
      </p>
      {overview.failures.length === 0 ? (
        <p>No email has failed for good.</p>
      ) : (
        <TableBox label="Failed emails">
          <table>
            <thead>
              <tr>
                <th>Reason</th>
                <th class="n">Emails</th>
              </tr>
            </thead>
            <tbody>
              {overview.failures.map((row) => (
                <tr key={row.reason}>
                  <td>{row.reason}</td>
                  <td class="n">{number(row.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableBox>
      )}

      <h2>Console sign-in</h2>
      <p>
        {number(overview.failedSignIns)} wrong password{overview.failedSignIns === 1 ? '' : 's'} in
        the last 24 hours.
      </p>
      <p class="muted">
        <small>
          Each address that keeps failing waits longer between tries; other addresses, yours
          included, are not slowed down.
        </small>
      </p>
    </AdminPage>
  );
}
