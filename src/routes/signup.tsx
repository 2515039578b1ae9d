/** @jsxImportSource hono/jsx */
import { type Context, Hono } from 'hono';
import type { AppOptions } from '../app.ts';
import { sendConfirmations } from '../delivery/send.ts';
import type { Deps } from '../deps.ts';
import { MessagePage } from '../pages/layout.tsx';
import { HONEYPOT_FIELD, SignupPage } from '../pages/signup.tsx';
import { signUp } from '../subscribers/signup.ts';
import { parseSignup, type SignupInput } from '../subscribers/signup-input.ts';
import { readBody, wantsJson } from './body.ts';
import { rateLimit } from './rate-limit.tsx';

const ACCEPTED = 'If that address can receive mail, a confirmation link is on its way.';

function accepted(c: Context, json: boolean) {
  if (json) return c.json({ status: 'pending', message: ACCEPTED }, 202);
  return c.redirect('/check-your-inbox', 303);
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
      if (!isBlank(body[HONEYPOT_FIELD])) return accepted(c, json);
      const parsed = parseSignup(body, { timezone: config.defaultTimezone });
      if (!parsed.ok) {
        if (json) return c.json({ error: 'invalid', fields: parsed.errors }, 400);
        const values = {
          email: typeof body.email === 'string' ? body.email.slice(0, 254) : '',
          name: typeof body.name === 'string' ? body.name.slice(0, 60) : '',
          role: typeof body.role === 'string' ? body.role : '',
          send_time: typeof body.send_time === 'string' ? body.send_time.slice(0, 5) : '08:00',
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
      return accepted(c, json);
    })
    .get('/check-your-inbox', (c) =>
      c.html(
        <MessagePage title="Check your inbox">
          <p>{ACCEPTED}</p>
          <p>
            Open the email and press the button to confirm. The link works for seven days. If
            nothing arrives within a few minutes, look in your spam or promotions folder.
          </p>
        </MessagePage>,
      ),
    );
}
