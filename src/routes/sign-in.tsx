/** @jsxImportSource hono/jsx */
import { type Context, type ExecutionContext, Hono } from 'hono';
import type { Deps } from '../deps.ts';
import { ErasedPage } from '../pages/preferences-sections.tsx';
import {
  AccountEraseConfirmPage,
  AccountPage,
  SignedOutPage,
  SignInLinkPage,
  SignInLinkSpentPage,
  SignInOfferPage,
  SignInSentPage,
} from '../pages/sign-in.tsx';
import { erase } from '../subscribers/erase.ts';
import { exportOf } from '../subscribers/export.ts';
import { text } from '../subscribers/preferences-input.ts';
import { requestSignIn, signIn, signInLinkState, signOut } from '../subscribers/sign-in.ts';
import { readBody } from './body.ts';
import { rateLimit } from './rate-limit.tsx';
import { clearSessionCookie, sessionIdOf, setSessionCookie, signedIn } from './session-cookie.ts';

/** Private pages: never cached by a browser or a proxy. */
const PRIVATE = { 'Cache-Control': 'no-store' };

/**
 * Signing in by email for what a link alone must not open (the journal after its link's
 * window, the data export, erasure): ask for a link, use it once, get a session.
 */
export function signInRoutes(deps: Deps) {
  return new Hono()
    .get('/signin', (c) => c.html(<SignInOfferPage />, 200, PRIVATE))
    .post('/signin', rateLimit(deps, 'signin'), async (c) => {
      const body = await readBody(c);
      const address = (text(body, 'email') ?? '').slice(0, 320);
      const asked = requestSignIn(deps, address).catch((error: Error) => {
        deps.log.error('signin.failed', { reason: error.message });
      });
      await afterAnswer(c, asked);
      return c.html(<SignInSentPage />, 200, PRIVATE);
    })
    .get('/signin/:token', async (c) => {
      const token = c.req.param('token');
      const state = await signInLinkState(deps, token);
      if (state === 'ready') return c.html(<SignInLinkPage token={token} />, 200, PRIVATE);
      if (state === 'invalid') return c.html(<SignInLinkSpentPage />, 404, PRIVATE);
      return c.html(<SignInLinkSpentPage />, 410, PRIVATE);
    })
    .post('/signin/:token', async (c) => {
      const sessionId = await signIn(deps, c.req.param('token'));
      if (!sessionId) return c.html(<SignInLinkSpentPage />, 410, PRIVATE);
      // A session already open in this browser (maybe someone else's) ends first.
      await signOut(deps, sessionIdOf(c, deps.config));
      setSessionCookie(c, deps.config, sessionId);
      return c.redirect('/account', 303);
    })
    .post('/signout', async (c) => {
      await signOut(deps, sessionIdOf(c, deps.config));
      clearSessionCookie(c, deps.config);
      return c.html(<SignedOutPage />, 200, PRIVATE);
    })
    .get('/account', async (c) => {
      const subscriber = await signedIn(c, deps);
      if (!subscriber) return c.html(<SignInOfferPage />, 200, PRIVATE);
      return c.html(<AccountPage />, 200, PRIVATE);
    })
    .post('/account', async (c) => {
      const body = await readBody(c);
      const subscriber = await signedIn(c, deps);
      if (!subscriber) return c.html(<SignInOfferPage />, 200, PRIVATE);
      switch (text(body, 'action')) {
        case 'export': {
          const data = await exportOf(deps, subscriber);
          const date = deps.clock().toISOString().slice(0, 10);
          return c.body(JSON.stringify(data, null, 2), 200, {
            ...PRIVATE,
            'Content-Type': 'application/json; charset=utf-8',
            'Content-Disposition': `attachment; filename="my-data-${date}.json"`,
          });
        }
        case 'erase':
          return c.html(<AccountEraseConfirmPage />, 200, PRIVATE);
        case 'erase-confirmed':
          if (text(body, 'confirm') !== 'erase') {
            return c.html(<AccountEraseConfirmPage />, 400, PRIVATE);
          }
          await erase(deps, subscriber);
          clearSessionCookie(c, deps.config);
          return c.html(<ErasedPage />, 200, PRIVATE);
        default:
          return c.html(<AccountPage />, 400, PRIVATE);
      }
    });
}

/**
 * Runs `work` after the answer where the runtime allows (Workers: waitUntil), so that the
 * answer's timing says nothing about whether the address is known; elsewhere (Node, tests)
 * before it. `work` must not reject.
 */
function afterAnswer(c: Context, work: Promise<void>): Promise<void> {
  let context: ExecutionContext | undefined;
  try {
    context = c.executionCtx;
  } catch {
    // Node has no execution context.
  }
  if (!context) return work;
  context.waitUntil(work);
  return Promise.resolve();
}
