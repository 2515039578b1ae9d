/** @jsxImportSource hono/jsx */
import type { Course } from '../course/course.ts';
import type { FieldErrors } from '../subscribers/signup-input.ts';
import { Page } from './layout.tsx';
import { RoleChoices } from './role-choices.tsx';

export interface SignupValues {
  email?: string;
  name?: string;
  role?: string;
  send_time?: string;
  discreet?: boolean;
}

/**
 * A field that people do not see (the stylesheet moves it off screen; screen readers hear
 * "leave this field empty") and scripts that fill in every field do: a signup with it filled
 * gets the usual answer and nothing else.
 */
export const HONEYPOT_FIELD = 'website';

export function SignupPage(props: {
  course: Course;
  defaultTimezone: string;
  values?: SignupValues;
  errors?: FieldErrors;
}) {
  const { course, values = {}, errors = {} } = props;
  return (
    <Page title={course.title} script>
      <h1>{course.title}</h1>
      <p>{course.tagline}</p>
      <p class="muted">{course.description}</p>
      <form method="post" action="/subscribe" class="card" novalidate>
        <label for="email">Your email address</label>
        <input
          id="email"
          name="email"
          type="email"
          required
          autocomplete="email"
          maxlength={254}
          value={values.email ?? ''}
        />
        {errors.email ? <p class="error">{errors.email}</p> : null}

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
        />

        <RoleChoices
          course={course}
          chosen={values.role ?? ''}
          noneChecked={false}
          error={errors.role}
        />
        <p class="muted">
          <small>
            Each email has a part for each side. Skip this and you get every part; you can choose
            later in your preferences.
          </small>
        </p>

        <label for="send_time">What time should each email arrive?</label>
        <input
          id="send_time"
          name="send_time"
          type="time"
          value={values.send_time ?? '08:00'}
          required
        />
        {errors.send_time ? <p class="error">{errors.send_time}</p> : null}
        <input type="hidden" name="timezone" value={props.defaultTimezone} />
        <p class="muted">
          <small>
            In your own time zone, which your browser tells us (otherwise {props.defaultTimezone}).
          </small>
        </p>

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
            One email a day for {course.lessons.length + 2} days, then nothing unless you ask for
            check-ins. What you write back is encrypted and only you can read it. Leave with one
            click at any time.
          </small>
        </p>
      </form>
    </Page>
  );
}
