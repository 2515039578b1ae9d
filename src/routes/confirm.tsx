/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import type { Deps } from '../deps.ts';
import { MessagePage } from '../pages/layout.tsx';
import { type ConfirmOutcome, checkConfirmation, confirm } from '../subscribers/confirm.ts';
import { ownerOfToken } from '../subscribers/lookup.ts';

/**
 * GET shows a button and changes nothing: mail scanners follow links, people press buttons.
 */
export function confirmRoutes(deps: Deps) {
  return new Hono()
    .get('/confirm/:token', async (c) => {
      const token = c.req.param('token');
      const state = await checkConfirmation(deps, await ownerOfToken(deps, token, 'confirm'));
      if (state !== 'confirmed') return c.html(<Outcome state={state} />, statusOf(state));
      return c.html(
        <MessagePage title="One last step">
          <p>Press the button to confirm your address and start the course.</p>
          <form method="post" action={`/confirm/${token}`}>
            <button type="submit">Confirm and start</button>
          </form>
        </MessagePage>,
      );
    })
    .post('/confirm/:token', async (c) => {
      const state = await confirm(deps, await ownerOfToken(deps, c.req.param('token'), 'confirm'));
      return c.html(<Outcome state={state} />, statusOf(state));
    });
}

function statusOf(state: ConfirmOutcome): 200 | 404 | 410 {
  return state === 'invalid' ? 404 : state === 'expired' || state === 'replaced' ? 410 : 200;
}

function Outcome({ state }: { state: ConfirmOutcome }) {
  switch (state) {
    case 'confirmed':
      return (
        <MessagePage title="You're in">
          <p>
            Your welcome email is on its way. The first lesson arrives tomorrow at the time you
            chose. Every email has links to change the time, take a break or stop.
          </p>
        </MessagePage>
      );
    case 'already':
      return (
        <MessagePage title="Already confirmed">
          <p>This address is already confirmed; there is nothing more to do.</p>
        </MessagePage>
      );
    case 'expired':
      return (
        <MessagePage title="This link has expired">
          <p>Confirmation links work for seven days. You can sign up again in a moment.</p>
          <p>
            <a class="button" href="/">
              Sign up again
            </a>
          </p>
        </MessagePage>
      );
    case 'replaced':
      return (
        <MessagePage title="This link was replaced">
          <p>
            A newer confirmation email was sent to this address, so this link no longer works.
            Please use the button in the most recent email.
          </p>
          <p>
            If you cannot find it, you can sign up again in ten minutes or so; if you are already
            subscribed, nothing changes.
          </p>
        </MessagePage>
      );
    case 'invalid':
      return (
        <MessagePage title="This link doesn't work">
          <p>
            It may be incomplete (some email apps cut long links) or no longer valid. You can sign
            up again; if you are already subscribed, nothing changes.
          </p>
          <p>
            <a class="button" href="/">
              Go to the signup page
            </a>
          </p>
        </MessagePage>
      );
  }
}
