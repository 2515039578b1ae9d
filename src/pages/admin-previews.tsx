/** @jsxImportSource hono/jsx */
import type { PreviewMessage, PreviewVariant } from '../admin/previews.ts';
import { ROLES, type Role } from '../db/schema.ts';
import type { OutgoingEmail } from '../mail/message.ts';
import { AdminPage, Notice } from './admin-layout.tsx';

export function previewHref(slug: string, role: Role, discreet: boolean): string {
  return `/admin/previews/${slug}?role=${role}${discreet ? '&discreet=1' : ''}`;
}

export function PreviewIndexPage(props: {
  messages: readonly PreviewMessage[];
  roles: Readonly<Record<Role, string>>;
}) {
  return (
    <AdminPage title="Emails">
      <p class="muted">
        Every email the course sends, as each kind of reader gets it, plain or discreet (a neutral
        sender and subject). Open one to see it and send yourself a test.
      </p>
      <table>
        <thead>
          <tr>
            <th>Email</th>
            {ROLES.map((role) => (
              <th key={role} title={props.roles[role]}>
                {role}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.messages.map((message) => (
            <tr key={message.slug}>
              <td>{message.label}</td>
              {ROLES.map((role) => (
                <td key={role}>
                  <a href={previewHref(message.slug, role, false)}>plain</a>
                  {' · '}
                  <a href={previewHref(message.slug, role, true)}>discreet</a>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </AdminPage>
  );
}

export function PreviewPage(props: {
  variant: PreviewVariant;
  email: OutgoingEmail | null;
  error?: string;
  notice?: string;
  to?: string;
}) {
  const { variant, email } = props;
  const { message, role, discreet } = variant;
  return (
    <AdminPage title={message.label}>
      <Notice text={props.notice} />
      <p>
        {ROLES.map((r) => (
          <span key={r}>
            {r === role && !discreet ? (
              <strong>{r}</strong>
            ) : (
              <a href={previewHref(message.slug, r, false)}>{r}</a>
            )}
            {' · '}
            {r === role && discreet ? (
              <strong>{r}, discreet</strong>
            ) : (
              <a href={previewHref(message.slug, r, true)}>{r}, discreet</a>
            )}
            {'   '}
          </span>
        ))}
      </p>
      {email === null ? (
        <p class="error">This email cannot be shown: {props.error}</p>
      ) : (
        <>
          <table>
            <tbody>
              <tr>
                <th>From</th>
                <td>{email.from}</td>
              </tr>
              <tr>
                <th>Subject</th>
                <td>{email.subject}</td>
              </tr>
            </tbody>
          </table>
          <iframe
            class="email"
            title={`${message.label}, as HTML`}
            sandbox=""
            srcdoc={email.html}
          />
          <h2>Plain text</h2>
          {/* It scrolls: focusable, so that it can be scrolled with the keyboard. */}
          <pre class="email" tabindex={0}>
            {email.text}
          </pre>
        </>
      )}
      <h2>Send me a test</h2>
      <form method="post" action={`/admin/previews/${message.slug}/test`} class="card">
        <input type="hidden" name="role" value={role} />
        {discreet ? <input type="hidden" name="discreet" value="1" /> : null}
        <label for="to">Send this email to</label>
        <input id="to" name="to" type="email" required maxlength={254} value={props.to ?? ''} />
        <p class="muted">
          <small>
            Sent now, with "[Test]" in the subject. No subscriber is created, and its links lead
            nowhere.
          </small>
        </p>
        <button type="submit">Send test</button>
      </form>
    </AdminPage>
  );
}
