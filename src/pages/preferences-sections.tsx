/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';
import { DateTime } from 'luxon';
import { momentWithZone } from '../course/human-time.ts';
import { localDate } from '../course/time.ts';
import { CHECKINS_ANCHOR } from '../mail/email-element.ts';
import { MessagePage } from './layout.tsx';
import type { PreferencesProps } from './preferences.tsx';

export const WEEKDAYS = [
  ['1', 'Mon', 'Monday'],
  ['2', 'Tue', 'Tuesday'],
  ['3', 'Wed', 'Wednesday'],
  ['4', 'Thu', 'Thursday'],
  ['5', 'Fri', 'Friday'],
  ['6', 'Sat', 'Saturday'],
  ['7', 'Sun', 'Sunday'],
] as const;

/** "Tuesday 3 March, 08:00 Madrid time": an instant on the subscriber's clock. */
export function when(instant: Date, zone: string, now?: Date): string {
  return momentWithZone(instant, zone, now);
}

/** The seven days as compact chips, one checkbox each, in a row that wraps on a phone. */
export function Weekdays(props: { prefix: 'send_day' | 'checkin_day'; days: string }) {
  return (
    <div class="chips">
      {WEEKDAYS.map(([day, label, full]) => (
        <label class="chip" key={day}>
          <input
            type="checkbox"
            name={`${props.prefix}_${day}`}
            checked={props.days.includes(day)}
          />
          <span aria-hidden="true">{label}</span>
          <span class="visually-hidden">{full}</span>
        </label>
      ))}
    </div>
  );
}

/** A form that posts one action to the preferences page. */
function Action(props: {
  token: string;
  action: string;
  label: string;
  secondary?: boolean;
  children?: Child;
}) {
  return (
    <form method="post" action={`/preferences/${props.token}`}>
      {props.children}
      <button
        type="submit"
        name="action"
        value={props.action}
        class={props.secondary ? 'secondary' : undefined}
      >
        {props.label}
      </button>
    </form>
  );
}

export function BreakSection(props: PreferencesProps) {
  const { token, subscriber, errors = {}, now } = props;
  if (subscriber.status === 'paused') {
    return (
      <section class="card">
        <h2>Your break</h2>
        <p>
          {subscriber.pausedUntil
            ? `Emails start again on ${when(subscriber.pausedUntil, subscriber.timezone, now)}.`
            : 'No emails until you come back.'}{' '}
          The next one continues where you left off.
        </p>
        <Action token={token} action="resume" label="Resume now" />
      </section>
    );
  }
  if (subscriber.status !== 'active' && subscriber.status !== 'completed') return null;
  const tomorrow = DateTime.fromISO(localDate(now, subscriber.timezone))
    .plus({ days: 1 })
    .toISODate();
  return (
    <section class="card">
      <h2>Take a break</h2>
      <p>No emails until the date you choose, or until you resume. Your place is kept.</p>
      <Action token={token} action="break" label="Take a break">
        <label for="until">
          Until <span class="muted">(optional; empty means until I resume)</span>
        </label>
        <input
          id="until"
          name="until"
          type="date"
          min={tomorrow ?? undefined}
          value={props.until ?? ''}
          {...(errors.until ? { 'aria-invalid': 'true', 'aria-describedby': 'until-error' } : {})}
        />
        {errors.until ? (
          <p class="error" id="until-error">
            {errors.until}
          </p>
        ) : null}
      </Action>
    </section>
  );
}

export function CheckinSection(props: PreferencesProps) {
  const { token, subscriber, errors = {}, now } = props;
  if (!['active', 'paused', 'completed'].includes(subscriber.status)) return null;
  const values = props.checkins ?? {
    checkin_days: subscriber.checkinDays.join(''),
    checkin_time: subscriber.checkinTime,
    checkins_together: subscriber.checkinsTogether,
  };
  const on = subscriber.checkinDays.length > 0;
  return (
    <section class="card" id={CHECKINS_ANCHOR}>
      <h2>Check-in reminders</h2>
      <p>
        A short question on the days you choose, to notice where things stand. Answer by replying or
        in your journal; only you can read it.
        {on && subscriber.nextCheckinAt
          ? ` The next one arrives on ${when(subscriber.nextCheckinAt, subscriber.timezone, now)}.`
          : ''}
      </p>
      <Action token={token} action="checkins" label="Save check-ins">
        <fieldset>
          <legend>Days</legend>
          <Weekdays prefix="checkin_day" days={values.checkin_days} />
        </fieldset>
        <label for="checkin_time">Time</label>
        <input
          id="checkin_time"
          name="checkin_time"
          type="time"
          value={values.checkin_time}
          {...(errors.checkin_time
            ? { 'aria-invalid': 'true', 'aria-describedby': 'checkin_time-error' }
            : {})}
        />
        {errors.checkin_time ? (
          <p class="error" id="checkin_time-error">
            {errors.checkin_time}
          </p>
        ) : null}
        {props.partner?.linked ? (
          <p>
            <input
              type="checkbox"
              id="checkins_together"
              name="checkins_together"
              checked={values.checkins_together}
            />{' '}
            <label for="checkins_together">
              Check in together: when your partner chooses this too, you both get the same question
              on the days you both chose, each at your own time. Your answers stay private.
            </label>
          </p>
        ) : null}
      </Action>
      {on ? <Action token={token} action="stop-checkins" label="Stop check-ins" secondary /> : null}
    </section>
  );
}

export function RestartSection(props: PreferencesProps) {
  const { token, subscriber } = props;
  if (!['active', 'paused', 'completed'].includes(subscriber.status)) return null;
  return (
    <section class="card">
      <h2>Start again</h2>
      <p>Begin the course again from lesson 1, tomorrow at your usual time.</p>
      <Action token={token} action="restart" label="Restart from lesson 1" secondary />
    </section>
  );
}

/**
 * A link to the subscriber's journal, which only they can read: a preferences link does not
 * open it, so this leads to the journal of a signed-in reader, or to the sign-in offer.
 */
export function JournalSection() {
  return (
    <section class="card">
      <h2>Your journal</h2>
      <p>Everything you wrote back, lesson by lesson. Only you can read it.</p>
      <p>
        <a href="/journal">Open your journal</a>
      </p>
    </section>
  );
}

/**
 * Leaving and erasing, together and last, apart from the everyday settings: nobody should
 * reach them by accident, and anyone looking for them finds both in one place.
 */
export function LeaveSection(props: PreferencesProps) {
  const { token, subscriber } = props;
  const mailable = ['pending', 'active', 'paused', 'completed'].includes(subscriber.status);
  return (
    <section class="leave" id="leave" aria-labelledby="leave-heading">
      <h2 id="leave-heading">Leave or erase</h2>
      {mailable ? (
        <div class="card">
          <h3>Unsubscribe</h3>
          <p>No more emails of any kind. Your journal stays yours until you erase it.</p>
          <Action token={token} action="unsubscribe" label="Unsubscribe" secondary />
        </div>
      ) : null}
      <div class="card">
        <h3>Your data</h3>
        <p>
          Download everything we keep about you (your settings, the emails we sent and your
          journal), or erase it all for good.
        </p>
        <Action token={token} action="export" label="Download my data" secondary />
        <Action token={token} action="erase" label="Erase me…" secondary />
      </div>
    </section>
  );
}

export function EraseConfirmPage({ token }: { token: string }) {
  return (
    <MessagePage title="Erase everything?">
      <p>
        This deletes your address, your settings, the record of our emails and everything you wrote
        in your journal. It cannot be undone, and no link in our emails will work afterwards.
      </p>
      <p>You may want to download your data first.</p>
      <Action token={token} action="erase-confirmed" label="Yes, erase everything">
        <input type="hidden" name="confirm" value="erase" />
      </Action>
      <p>
        <a href={`/preferences/${token}`}>No, take me back</a>
      </p>
    </MessagePage>
  );
}

export function ErasedPage() {
  return (
    <MessagePage title="Erased">
      <p>
        Everything we kept about you is gone. If you had unsubscribed, we keep only a scrambled
        fingerprint of your address, so that we never email it again.
      </p>
    </MessagePage>
  );
}

export function NothingHerePage() {
  return (
    <MessagePage title="Nothing here">
      <p>
        This link doesn't lead anywhere any more. It may be incomplete (some email apps cut long
        links), or the subscription it belonged to has been erased.
      </p>
      <p>
        <a class="button" href="/">
          Go to the signup page
        </a>
      </p>
    </MessagePage>
  );
}
