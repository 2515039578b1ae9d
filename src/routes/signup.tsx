/** @jsxImportSource hono/jsx */
import { type Context, Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { AppOptions } from '../app.ts';
import type { Course } from '../course/course.ts';
import { isValidTimeZone } from '../course/time.ts';
import { sendConfirmations } from '../delivery/send.ts';
import type { Deps } from '../deps.ts';
import { senderAddress } from '../mail/compose.ts';
import { CONFIRMATION_DAYS, confirmationEnvelope } from '../mail/email-element.ts';
import { CheckInboxPage } from '../pages/check-inbox.tsx';
import { CourseListPage } from '../pages/course-list.tsx';
import { HONEYPOT_FIELD, SignupPage } from '../pages/signup.tsx';
import { resendConfirmation, signUp } from '../subscribers/signup.ts';
import { normalizeEmail, parseSignup, type SignupInput } from '../subscribers/signup-input.ts';
import { readBody, wantsJson } from './body.ts';
import { afterSignup } from './embed.ts';
import { rateLimit } from './rate-limit.tsx';

const ACCEPTED = 'If that address can receive mail, a confirmation link is on its way.';

function accepted(c: Context, json: boolean, body: Record<string, unknown>, deps: Deps) {
  if (json) return c.json({ status: 'pending', message: ACCEPTED }, 202);
  return c.redirect(afterSignup(deps, body, '/check-your-inbox'), 303);
}

const isBlank = (value: unknown) =>
  value === undefined || (typeof value === 'string' && value.trim() === '');

/**
 * `confirmationsQueued` has a queued confirmation sent after the answer, `signUp` records the
 * signup (see AppOptions); without the first the confirmation is sent before answering.
 */
export function signupRoutes(deps: Deps, options: AppOptions = {}) {
  const { courses, config } = deps;
  const { confirmationsQueued } = options;
  const record = options.signUp ?? ((input: SignupInput) => signUp(deps, input));
  const signupPage = (course: Course) => (
    <SignupPage course={course} defaultTimezone={config.defaultTimezone} />
  );
  return new Hono()
    .get('/', (c) =>
      c.html(courses.only ? signupPage(courses.only) : <CourseListPage courses={courses.all} />),
    )
    .get('/courses/:id', (c) => {
      const course = courses.byId(c.req.param('id').slice(0, 64));
      return course ? c.html(signupPage(course)) : c.notFound();
    })
    .post('/subscribe', rateLimit(deps, 'signup'), async (c) => {
      const body = await readBody(c);
      const json = wantsJson(c);
      // A form filled in by a script: the answer a person gets, and nothing recorded or sent.
      if (!isBlank(body[HONEYPOT_FIELD])) return accepted(c, json, body, deps);
      const parsed = parseSignup(body, { timezone: config.defaultTimezone, courses });
      if (!parsed.ok) {
        if (json) return c.json({ error: 'invalid', fields: parsed.errors }, 400);
        const course = courses.byId(String(body.course ?? '').slice(0, 64)) ?? courses.only;
        if (!course) return c.html(<CourseListPage courses={courses.all} />, 400);
        const values = {
          email: typeof body.email === 'string' ? body.email.slice(0, 254) : '',
          name: typeof body.name === 'string' ? body.name.slice(0, 60) : '',
          role: typeof body.role === 'string' ? body.role : '',
          send_time: typeof body.send_time === 'string' ? body.send_time.slice(0, 5) : '08:00',
          timezone: isValidTimeZone(body.timezone) ? body.timezone : config.defaultTimezone,
          discreet: body.discreet === 'on',
        };
        return c.html(
          <SignupPage
            course={course}
            defaultTimezone={config.defaultTimezone}
            values={values}
            errors={parsed.errors}
          />,
          400,
        );
      }
      if (await record(parsed.value)) {
        if (confirmationsQueued) confirmationsQueued(c);
        else await sendConfirmations(deps, deps.clock());
      }
      // The same answer whether or not the address was known.
      if (json) return c.json({ status: 'pending', message: ACCEPTED }, 202);
      rememberSignup(c, parsed.value);
      return accepted(c, json, body, deps);
    })
    .get('/check-your-inbox', (c) => {
      const signup = recalledSignup(c);
      // Without the cookie, the first course's envelope: the page must say what to look for.
      const course = (signup && courses.byId(signup.course)) ?? (courses.all[0] as Course);
      return c.html(
        <CheckInboxPage
          {...(signup ? { email: signup.email } : {})}
          {...confirmationEnvelope(course, signup?.discreet ?? false)}
          senderAddress={senderAddress(config.mailFrom)}
          confirmationDays={CONFIRMATION_DAYS}
          again={c.req.query('again') === '1'}
        />,
        200,
        PRIVATE,
      );
    })
    .post('/check-your-inbox', rateLimit(deps, 'resend'), async (c) => {
      const body = await readBody(c);
      const email = typeof body.email === 'string' ? body.email : '';
      if (await resendConfirmation(deps, email)) {
        if (confirmationsQueued) confirmationsQueued(c);
        else await sendConfirmations(deps, deps.clock());
      }
      // The same answer whether or not the address is known or was mailed just now.
      return c.redirect('/check-your-inbox?again=1', 303);
    });
}

/** The check-your-inbox page is about one person's address: never cached. */
const PRIVATE = { 'Cache-Control': 'no-store' };

/**
 * The address, course and discreet choice of a signup, kept in this browser for an hour so that
 * the check-your-inbox page can say where the email went and what it looks like, without
 * putting the address in a URL (and so in logs and history).
 */
const SIGNUP_COOKIE = 'tend_signup';

function rememberSignup(c: Context, input: SignupInput): void {
  const value = `${input.discreet ? '1' : '0'}${input.course.id} ${input.email}`;
  setCookie(c, SIGNUP_COOKIE, value, {
    path: '/check-your-inbox',
    httpOnly: true,
    sameSite: 'Lax',
    secure: new URL(c.req.url).protocol === 'https:',
    maxAge: 3600,
  });
}

function recalledSignup(c: Context): { email: string; course: string; discreet: boolean } | null {
  const value = getCookie(c, SIGNUP_COOKIE)?.slice(0, 320);
  const space = value?.indexOf(' ') ?? -1;
  const email = value && space > 0 ? normalizeEmail(value.slice(space + 1)) : null;
  if (!value || !email) return null;
  return { email, course: value.slice(1, space), discreet: value.startsWith('1') };
}
