/** @jsxImportSource hono/jsx */
import type { PreviewMessage, PreviewVariant } from '../admin/previews.ts';
import { ROLE_CHOICES, type Role, roleSlug } from '../db/schema.ts';
import type { OutgoingEmail } from '../mail/message.ts';
import { AdminPage, Notice, TableBox } from './admin-layout.tsx';

export function previewHref(slug: string, role: Role | null, discreet: boolean): string {
  return `/admin/previews/${slug}?role=${roleSlug(role)}${discreet ? '&discreet=1' : ''}`;
}

const NO_ROLE_TITLE = 'No role chosen: every perspective, each under its heading';

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
      <TableBox label="Emails by reader">
        <table>
          <thead>
            <tr>
              <th>Email</th>
              {ROLE_CHOICES.map((role) => (
                <th key={roleSlug(role)} title={role ? props.roles[role] : NO_ROLE_TITLE}>
                  {roleSlug(role)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.messages.map((message) => (
              <tr key={message.slug}>
                <td>{message.label}</td>
                {ROLE_CHOICES.map((role) => (
                  <td key={roleSlug(role)}>
                    <a href={previewHref(message.slug, role, false)}>plain</a>
                    {' · '}
                    <a href={previewHref(message.slug, role, true)}>discreet</a>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableBox>
    </AdminPage>
  );
}

export function PreviewPage(props: {
  variant: PreviewVariant;
  roles: Readonly<Record<Role, string>>;
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
      <PreviewSwitcher variant={variant} roles={props.roles} />
      {email === null ? (
        <p class="error">This email cannot be shown: {props.error}</p>
      ) : (
        <>
          <TableBox label="Sender and subject">
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
          </TableBox>
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
        <input type="hidden" name="role" value={roleSlug(role)} />
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

/**
 * Which version of the email is shown, as two rows of choices: the reader (by the words the
 * signup form uses) and plain or discreet. The current choice is marked for every reader.
 */
function PreviewSwitcher(props: {
  variant: PreviewVariant;
  roles: Readonly<Record<Role, string>>;
}) {
  const { message, role, discreet } = props.variant;
  const option = (label: string, href: string, current: boolean) => (
    <li>
      <a class="pill" href={href} {...(current ? { 'aria-current': 'page' as const } : {})}>
        {label}
      </a>
    </li>
  );
  return (
    <nav class="switcher" aria-label="Versions of this email">
      <div class="switcher-group">
        <span class="switcher-label" id="switch-reader">
          Reader
        </span>
        <ul aria-labelledby="switch-reader">
          {ROLE_CHOICES.map((r) =>
            option(
              r ? props.roles[r] : 'No role chosen',
              previewHref(message.slug, r, discreet),
              r === role,
            ),
          )}
        </ul>
      </div>
      <div class="switcher-group">
        <span class="switcher-label" id="switch-version">
          Version
        </span>
        <ul aria-labelledby="switch-version">
          {option('Plain', previewHref(message.slug, role, false), !discreet)}
          {option('Discreet', previewHref(message.slug, role, true), discreet)}
        </ul>
      </div>
      <p>
        <a href="/admin/previews">All emails</a>
      </p>
    </nav>
  );
}
