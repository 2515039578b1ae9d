/** @jsxImportSource hono/jsx */
import { type Context, Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { AppOptions } from '../app.ts';
import { isValidTimeZone } from '../course/time.ts';
import { sendConfirmations } from '../delivery/send.ts';
import type { Deps } from '../deps.ts';
import { CONFIRMATION_DAYS, confirmationEnvelope, senderAddress } from '../mail/compose.ts';
import { CheckInboxPage } from '../pages/check-inbox.tsx';
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
  const { course, config } = deps;
  const { confirmationsQueued } = options;
  const record = options.signUp ?? ((input: SignupInput) => signUp(deps, input));
  return new Hono()
    .get('/', (c) =>
      c.html(<SignupPage course={course} defaultTimezone={config.defaultTimezone} />),
    )
    .post('/subscribe', rateLimit(deps, 'signup'), async (c) => {
      const body = await readBody(c);
      const json = wantsJson(c);
      // A form filled in by a script: the answer a person gets, and nothing recorded or sent.
      if (!isBlank(body[HONEYPOT_FIELD])) return accepted(c, json, body, deps);
      const parsed = parseSignup(body, { timezone: config.defaultTimezone });
      if (!parsed.ok) {
        if (json) return c.json({ error: 'invalid', fields: parsed.errors }, 400);
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
 * The address and the discreet choice of a signup, kept in this browser for an hour so that
 * the check-your-inbox page can say where the email went and what it looks like, without
 * putting the address in a URL (and so in logs and history).
 */
const SIGNUP_COOKIE = 'tend_signup';

function rememberSignup(c: Context, input: SignupInput): void {
  setCookie(c, SIGNUP_COOKIE, `${input.discreet ? '1' : '0'}${input.email}`, {
    path: '/check-your-inbox',
    httpOnly: true,
    sameSite: 'Lax',
    secure: new URL(c.req.url).protocol === 'https:',
    maxAge: 3600,
  });
}

function recalledSignup(c: Context): { email: string; discreet: boolean } | null {
  const value = getCookie(c, SIGNUP_COOKIE)?.slice(0, 256);
  const email = value ? normalizeEmail(value.slice(1)) : null;
  return value && email ? { email, discreet: value.startsWith('1') } : null;
}
