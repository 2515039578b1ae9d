/** @jsxImportSource hono/jsx */
import type { PreviewMessage, PreviewVariant } from '../admin/previews.ts';
import type { Course, Role } from '../course/course.ts';
import { roleChoices, roleLabel, roleSlug } from '../course/roles.ts';
import type { OutgoingEmail } from '../mail/message.ts';
import { AdminPage, Notice, TableBox } from './admin-layout.tsx';

export function previewHref(
  course: Pick<Course, 'id'>,
  slug: string,
  role: Role | null,
  discreet: boolean,
): string {
  const query = `role=${roleSlug(role)}${discreet ? '&discreet=1' : ''}`;
  return `/admin/previews/${course.id}/${slug}?${query}`;
}

const NO_ROLE_TITLE = 'No role chosen: every perspective, each under its heading';

export function PreviewIndexPage(props: {
  courses: readonly { course: Course; messages: readonly PreviewMessage[] }[];
}) {
  return (
    <AdminPage title="Emails">
      <p class="muted">
        Every email each course sends, as each kind of reader gets it, plain or discreet (a neutral
        sender and subject). Open one to see it and send yourself a test.
      </p>
      {props.courses.map(({ course, messages }) => (
        <CourseEmails key={course.id} course={course} messages={messages} />
      ))}
    </AdminPage>
  );
}

function CourseEmails(props: { course: Course; messages: readonly PreviewMessage[] }) {
  const { course } = props;
  const roles = roleChoices(course);
  return (
    <section>
      <h2>{course.title}</h2>
      <TableBox label={`${course.title}: emails by reader`}>
        <table>
          <thead>
            <tr>
              <th>Email</th>
              {roles.map((role) => (
                <th key={roleSlug(role)} title={roleLabel(course, role) ?? NO_ROLE_TITLE}>
                  {roleSlug(role)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.messages.map((message) => (
              <tr key={message.slug}>
                <td>{message.label}</td>
                {roles.map((role) => (
                  <td key={roleSlug(role)}>
                    <a href={previewHref(course, message.slug, role, false)}>plain</a>
                    {' · '}
                    <a href={previewHref(course, message.slug, role, true)}>discreet</a>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableBox>
    </section>
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
  const { course, message, role, discreet } = variant;
  return (
    <AdminPage title={`${course.title}: ${message.label}`}>
      <Notice text={props.notice} />
      <PreviewSwitcher variant={variant} />
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
      <form method="post" action={`/admin/previews/${course.id}/${message.slug}/test`} class="card">
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
function PreviewSwitcher(props: { variant: PreviewVariant }) {
  const { course, message, role, discreet } = props.variant;
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
          {roleChoices(course).map((r) =>
            option(
              roleLabel(course, r) ?? 'No role chosen',
              previewHref(course, message.slug, r, discreet),
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
          {option('Plain', previewHref(course, message.slug, role, false), !discreet)}
          {option('Discreet', previewHref(course, message.slug, role, true), discreet)}
        </ul>
      </div>
      <p>
        <a href="/admin/previews">All emails</a>
      </p>
    </nav>
  );
}
