/** @jsxImportSource hono/jsx */
import type { Course } from '../course/course.ts';
import type { Enrollment } from '../subscribers/enrollment.ts';
import type {
  CheckinValues,
  PreferenceErrors,
  SettingsValues,
} from '../subscribers/preferences-input.ts';
import { FieldError, invalid } from './field-error.tsx';
import { Page } from './layout.tsx';
import { PartnerSection, type PartnerState } from './partner-section.tsx';
import {
  BreakSection,
  CheckinSection,
  JournalSection,
  LeaveSection,
  RestartSection,
  Weekdays,
  when,
} from './preferences-sections.tsx';
import { RoleChoices } from './role-choices.tsx';
import { timeZonesWith } from './time-zones.ts';

export interface PreferencesProps {
  course: Course;
  token: string;
  subscriber: Enrollment;
  now: Date;
  /** A sentence saying what was just done ("Saved. ..."). */
  notice?: string;
  errors?: PreferenceErrors;
  /** What the person just sent, shown again when it could not be saved. */
  settings?: SettingsValues;
  checkins?: CheckinValues;
  until?: string;
  /** Couples mode (absent: not offered). */
  partner?: PartnerState;
}

export function settingsOf(subscriber: Enrollment): SettingsValues {
  return {
    name: subscriber.name ?? '',
    role: subscriber.role ?? '',
    timezone: subscriber.timezone,
    send_time: subscriber.sendTime,
    send_days: subscriber.sendDays.join(''),
    discreet: subscriber.discreet,
    acknowledge_replies: subscriber.acknowledgeReplies,
  };
}

export function PreferencesPage(props: PreferencesProps) {
  const { course, token, subscriber, errors = {} } = props;
  const receiving = ['pending', 'active', 'paused', 'completed'].includes(subscriber.status);
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <Page title="Your preferences">
      <h1>Your preferences</h1>
      {props.notice ? (
        <p class="card" role="status">
          {props.notice}
        </p>
      ) : null}
      {hasErrors ? (
        <p class="card error" role="alert">
          Nothing was changed: please correct what is marked below and try again.
        </p>
      ) : null}
      <p>
        <Summary course={course} subscriber={subscriber} now={props.now} />
      </p>
      {receiving ? (
        <SettingsForm
          course={course}
          token={token}
          values={props.settings ?? settingsOf(subscriber)}
          errors={errors}
        />
      ) : null}
      <BreakSection {...props} />
      <JournalSection />
      {props.partner ? (
        <PartnerSection token={token} partner={props.partner} course={course} />
      ) : null}
      <CheckinSection {...props} />
      <RestartSection {...props} />
      <LeaveSection {...props} />
    </Page>
  );
}

function Summary(props: { course: Course; subscriber: Enrollment; now: Date }) {
  const { course, subscriber, now } = props;
  const total = course.lessons.length;
  const zone = subscriber.timezone;
  switch (subscriber.status) {
    case 'pending':
      return <>Your address is not confirmed yet: use the link in the confirmation email.</>;
    case 'active': {
      const step = Math.min(subscriber.nextStep, total + 1);
      const what =
        step === 0
          ? 'The welcome email'
          : step > total
            ? 'The closing email'
            : `Lesson ${step} of ${total}`;
      return subscriber.nextSendAt ? (
        <>
          {what} arrives on {when(subscriber.nextSendAt, zone, now)}.
        </>
      ) : (
        <>You are taking the course.</>
      );
    }
    case 'paused':
      return subscriber.pausedUntil ? (
        <>
          You are on a break until {when(subscriber.pausedUntil, zone, now)}. Your place in the
          course is kept.
        </>
      ) : (
        <>You are on a break until you resume. Your place in the course is kept.</>
      );
    case 'completed':
      return <>You have finished the course. Check-ins continue if you asked for them.</>;
    default:
      return <>You are unsubscribed and get no emails from us.</>;
  }
}

function SettingsForm(props: {
  course: Course;
  token: string;
  values: SettingsValues;
  errors: PreferenceErrors;
}) {
  const { course, token, values, errors } = props;
  return (
    <form method="post" action={`/preferences/${token}`} class="card">
      <h2>When emails arrive</h2>
      <label for="send_time">Time each email arrives</label>
      <input
        id="send_time"
        name="send_time"
        type="time"
        value={values.send_time}
        {...invalid(errors, 'send_time')}
      />
      <FieldError errors={errors} field="send_time" />

      <fieldset {...invalid(errors, 'send_days')}>
        <legend>Days lessons may arrive</legend>
        <Weekdays prefix="send_day" days={values.send_days} />
        <FieldError errors={errors} field="send_days" />
      </fieldset>

      <label for="timezone">Time zone</label>
      <select id="timezone" name="timezone" {...invalid(errors, 'timezone')}>
        {timeZonesWith(values.timezone).map((zone) => (
          <option key={zone} value={zone} selected={zone === values.timezone}>
            {zone.replaceAll('_', ' ')}
          </option>
        ))}
      </select>
      <FieldError errors={errors} field="timezone" />

      <h3>About you</h3>
      <label for="name">
        First name <span class="muted">(optional)</span>
      </label>
      <input
        id="name"
        name="name"
        type="text"
        maxlength={60}
        value={values.name}
        {...invalid(errors, 'name')}
      />
      <FieldError errors={errors} field="name" />

      <RoleChoices course={course} chosen={values.role} noneChecked error={errors.role} />

      <label class="choice">
        <input type="checkbox" name="discreet" checked={values.discreet} />
        <span>
          Discreet emails: a neutral sender and subject, so nothing about the course shows in your
          inbox before you open them.
        </span>
      </label>
      <label class="choice">
        <input type="checkbox" name="acknowledge_replies" checked={values.acknowledge_replies} />
        <span>When I reply to an email, send me a short note that it was saved.</span>
      </label>
      <p class="muted">
        <small>Changes apply from the next email. A lesson is never sent twice or skipped.</small>
      </p>
      <button type="submit" name="action" value="settings">
        Save
      </button>
    </form>
  );
}
