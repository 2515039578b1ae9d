/** @jsxImportSource hono/jsx */
import { cleanReason } from '../admin/overview.ts';
import type { SubscriberAction } from '../admin/subscriber-actions.ts';
import type { DeliverySummary } from '../db/admin-subscribers.ts';
import type { Enrollment } from '../subscribers/enrollment.ts';
import { AdminPage, Notice, TableBox } from './admin-layout.tsx';

export function LookupPage(props: { email?: string; notice?: string; status?: 'missing' }) {
  return (
    <AdminPage title="Subscribers">
      <Notice text={props.notice} />
      <form method="post" action="/admin/subscribers/lookup" class="card">
        <label for="email">Find a subscriber by email address</label>
        <input
          id="email"
          name="email"
          type="email"
          required
          maxlength={254}
          value={props.email ?? ''}
        />
        {props.status === 'missing' ? <p class="error">No subscriber has that address.</p> : null}
        <button type="submit">Find</button>
      </form>
      <p class="muted">
        The exact address, as the signup form would take it. Replies and journal entries are never
        shown here, only how many there are.
      </p>
    </AdminPage>
  );
}

const ACTION_LABELS: Record<SubscriberAction, string> = {
  'resend-confirmation': 'Resend confirmation',
  pause: 'Pause',
  resume: 'Resume',
  unsubscribe: 'Unsubscribe',
  erase: 'Erase…',
};

export interface SubscriberView {
  readonly subscriber: Enrollment;
  readonly deliveries: readonly DeliverySummary[];
  readonly lessonsSent: number;
  readonly reflections: number;
  readonly actions: readonly SubscriberAction[];
}

export function SubscriberPage(props: { view: SubscriberView; notice?: string }) {
  const { subscriber: s, deliveries, actions } = props.view;
  const facts: [string, string][] = [
    ['Address', s.email],
    ['Name', s.name ?? '—'],
    ['Role', s.role ?? 'none chosen (reads every perspective)'],
    ['Status', s.status + (s.stopReason ? ` (${s.stopReason})` : '')],
    ['Time zone', s.timezone],
    ['Send time', s.sendTime],
    ['Discreet emails', s.discreet ? 'yes' : 'no'],
    ['Signed up', s.createdAt.toISOString()],
    ['Confirmed', s.confirmedAt?.toISOString() ?? '—'],
    ['Next course email', s.nextSendAt?.toISOString() ?? '—'],
    [
      'Paused until',
      s.pausedUntil?.toISOString() ?? (s.status === 'paused' ? 'resumed by hand' : '—'),
    ],
    ['Lessons sent (this round)', String(props.view.lessonsSent)],
    ['Reflections written', String(props.view.reflections)],
  ];
  return (
    <AdminPage title="Subscriber">
      <Notice text={props.notice} />
      <TableBox label="Subscriber">
        <table>
          <tbody>
            {facts.map(([label, value]) => (
              <tr key={label}>
                <th>{label}</th>
                <td>{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableBox>
      <div class="actions">
        {actions.map((action) => (
          <form key={action} method="post" action={`/admin/subscribers/${s.id}/${action}`}>
            <button
              type="submit"
              class={action === 'erase' ? 'danger' : action === 'unsubscribe' ? 'secondary' : ''}
            >
              {ACTION_LABELS[action]}
            </button>
          </form>
        ))}
      </div>
      <h2>Recent emails</h2>
      {deliveries.length === 0 ? <p>None yet.</p> : null}
      <TableBox label="Recent emails">
        <table>
          <tbody>
            {deliveries.map((d) => (
              <tr key={`${d.round}:${d.messageKey}`}>
                <td>{d.messageKey}</td>
                <td>round {d.round}</td>
                <td>{d.status}</td>
                <td>{d.sentAt?.toISOString() ?? ''}</td>
                <td>{d.lastError ? cleanReason(d.lastError) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableBox>
      <p>
        <a href="/admin/subscribers">Find another subscriber</a>
      </p>
    </AdminPage>
  );
}

export function EraseConfirmPage(props: { subscriber: Enrollment; mismatch?: boolean }) {
  const { subscriber } = props;
  return (
    <AdminPage title="Erase this subscriber?">
      <p>
        This deletes the subscriber, every email record and everything they wrote, for good. The
        address is kept only as a keyed hash, so neither an import nor a signup mails it again.
      </p>
      <form method="post" action={`/admin/subscribers/${subscriber.id}/erase`} class="card">
        <label for="confirm">Type the address to confirm: {subscriber.email}</label>
        <input id="confirm" name="confirm" type="text" required autocomplete="off" />
        {props.mismatch ? <p class="error">That is not the address.</p> : null}
        <button type="submit" class="danger">
          Erase for good
        </button>
      </form>
      <p>
        <a href={`/admin/subscribers/${subscriber.id}`}>Keep them</a>
      </p>
    </AdminPage>
  );
}
