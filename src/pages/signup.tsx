/** @jsxImportSource hono/jsx */
import { type Course, courseLength } from '../course/course.ts';
import { zoneInWords } from '../course/human-time.ts';
import { isValidSendTime } from '../course/time.ts';
import type { FieldErrors } from '../subscribers/signup-input.ts';
import { FieldError, invalid } from './field-error.tsx';
import { CouplesSafety } from './invitation.tsx';
import { Page } from './layout.tsx';
import { RoleChoices } from './role-choices.tsx';
import { timeZonesWith } from './time-zones.ts';

export interface SignupValues {
  email?: string;
  name?: string;
  role?: string;
  send_time?: string;
  timezone?: string;
  discreet?: boolean;
}

/**
 * A field that people do not see (the stylesheet moves it off screen; screen readers hear
 * "leave this field empty") and scripts that fill in every field do: a signup with it filled
 * gets the usual answer and nothing else.
 */
export const HONEYPOT_FIELD = 'website';

/** The fields in the order the form shows them, each with the id its error links to. */
const FIELDS = [
  ['email', 'email'],
  ['name', 'name'],
  ['role', 'role'],
  ['send_time', 'send_time'],
] as const;

/**
 * The signup form. Works without script; with it (assets.ts), the time zone is the browser's
 * own and the sentence under the time follows what is chosen, and the error summary, when
 * there is one, takes the focus so that a screen reader announces it first.
 */
export function SignupPage(props: {
  course: Course;
  defaultTimezone: string;
  values?: SignupValues;
  errors?: FieldErrors;
  /** Where the form posts: /subscribe, or an invitation's own join route. */
  action?: string;
  /** Said above the form (an invitation's note). */
  intro?: string;
}) {
  const { course, values = {}, errors = {} } = props;
  const listed = FIELDS.filter(([field]) => errors[field]);
  const zone = values.timezone ?? props.defaultTimezone;
  const time = values.send_time || course.schedule.sendTime;
  return (
    <Page title={listed.length > 0 ? `Error: ${course.title}` : course.title} script>
      {listed.length > 0 ? (
        <div class="card error-summary" id="error-summary" role="alert" tabindex={-1}>
          <h2>Please check {listed.length === 1 ? 'one thing' : 'these things'}</h2>
          <ul>
            {listed.map(([field, id]) => (
              <li key={field}>
                <a href={`#${id}`}>{errors[field]}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <h1>{course.title}</h1>
      <p>{course.tagline}</p>
      <p class="muted">{course.description}</p>
      <p>{courseLength(course)}</p>
      {props.intro ? <p class="card">{props.intro}</p> : null}
      <CouplesSafety course={course} class="muted" />
      <form method="post" action={props.action ?? '/subscribe'} class="card" novalidate>
        <input type="hidden" name="course" value={course.id} />
        <label for="email">Your email address</label>
        <input
          id="email"
          name="email"
          type="email"
          required
          autocomplete="email"
          maxlength={254}
          value={values.email ?? ''}
          {...invalid(errors, 'email')}
        />
        <FieldError errors={errors} field="email" />

        <label for="name">
          First name <span class="muted">(optional)</span>
        </label>
        <input
          id="name"
          name="name"
          type="text"
          autocomplete="given-name"
          maxlength={60}
          value={values.name ?? ''}
          {...invalid(errors, 'name')}
        />
        <FieldError errors={errors} field="name" />

        <RoleChoices
          course={course}
          chosen={values.role ?? ''}
          noneChecked={false}
          error={errors.role}
        />
        {course.roles.length > 0 ? (
          <p class="muted">
            <small>
              Each email has a part for each side. Skip this and you get every part; you can choose
              later in your preferences.
            </small>
          </p>
        ) : null}

        <label for="send_time">What time should each email arrive?</label>
        <input
          id="send_time"
          name="send_time"
          type="time"
          value={time}
          required
          aria-describedby={errors.send_time ? 'send_time-error schedule' : 'schedule'}
          {...(errors.send_time ? { 'aria-invalid': 'true' } : {})}
        />
        <FieldError errors={errors} field="send_time" />
        <p class="schedule" id="schedule" aria-live="polite">
          Emails at{' '}
          <strong data-time-words="">
            {isValidSendTime(time) ? time : course.schedule.sendTime}
          </strong>
          , <strong data-zone-words="">{zoneInWords(zone)}</strong>.
        </p>
        <details class="zone">
          <summary>Not your time zone? Change it</summary>
          <label for="timezone">Your time zone</label>
          <select
            id="timezone"
            name="timezone"
            {...(values.timezone === undefined ? { 'data-detect': '' } : {})}
          >
            {timeZonesWith(zone).map((z) => (
              <option key={z} value={z} selected={z === zone}>
                {z.replaceAll('_', ' ')}
              </option>
            ))}
          </select>
        </details>

        <label class="choice">
          <input type="checkbox" name="discreet" checked={values.discreet ?? false} />
          <span>
            Discreet emails: a neutral sender and subject, so nothing about the course shows in your
            inbox before you open them.
          </span>
        </label>

        <div class="trap">
          <label for={HONEYPOT_FIELD}>Leave this field empty</label>
          <input
            id={HONEYPOT_FIELD}
            name={HONEYPOT_FIELD}
            type="text"
            tabindex={-1}
            autocomplete="off"
          />
        </div>

        <button type="submit">Start the course</button>
        <p class="muted">
          <small>
            After the closing note, nothing more unless you ask for check-ins. What you write back
            is encrypted and only you can read it. Leave with one click at any time.
          </small>
        </p>
      </form>
    </Page>
  );
}
