import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import type { Deps } from './deps.ts';
import { NotFoundPage, TooLargePage } from './pages/status-pages.tsx';
import { adminRoutes } from './routes/admin.tsx';
import { confirmRoutes } from './routes/confirm.tsx';
import { devOutboxRoutes } from './routes/dev-outbox.tsx';
import { pageRoutes } from './routes/pages.tsx';
import { preferencesRoutes } from './routes/preferences.tsx';
import { reflectionRoutes } from './routes/reflections.tsx';
import { sameOrigin } from './routes/same-origin.tsx';
import { signupRoutes } from './routes/signup.tsx';
import { unsubscribeRoutes } from './routes/unsubscribe.tsx';
import { webhookRoutes } from './routes/webhooks.ts';
import type { SignupInput } from './subscribers/signup-input.ts';

/** Paths whose POSTs come from mail providers rather than our own pages. */
const CROSS_SITE_POSTS = /^\/(unsubscribe|webhooks)\//;

export interface AppOptions {
  /**
   * How a runtime sends the confirmations a request has queued, once the request is answered,
   * so that the answer waits for no provider call and is the same whether or not the address
   * was known: Node kicks its in-process confirmation sender, Workers runs the pass in
   * waitUntil. Without it (tests, one-off tools), the request sends them itself before it
   * answers.
   */
  readonly confirmationsQueued?: (c: Context) => void;
  /**
   * How a runtime records a signup (src/subscribers/signup.ts says what that means); Node
   * records the signups that arrive together in one transaction (signup-batches.ts).
   * Default: signUp, one at a time.
   */
  readonly signUp?: (input: SignupInput) => Promise<boolean>;
}

export function createApp(deps: Deps, options: AppOptions = {}): Hono {
  const app = new Hono();

  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'"],
        scriptSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      // Our own origin on our own requests (so browsers send a real Origin on our forms), and
      // nothing at all to other sites: no link token in anyone else's Referer.
      referrerPolicy: 'same-origin',
      // A route may set its own policy (the console's email previews need inline styles).
      overwrite: false,
    }),
  );
  app.use(
    bodyLimit({
      maxSize: 64 * 1024,
      onError: (c) => c.html(TooLargePage(), 413),
    }),
  );
  app.use(sameOrigin(deps, CROSS_SITE_POSTS));

  app.route('/', pageRoutes(deps));
  app.route('/', signupRoutes(deps, options));
  app.route('/', confirmRoutes(deps));
  app.route('/', unsubscribeRoutes(deps));
  app.route('/', webhookRoutes(deps));
  app.route('/', reflectionRoutes(deps));
  app.route('/', preferencesRoutes(deps));
  app.route('/admin', adminRoutes(deps));
  if (deps.outbox && !deps.config.production) app.route('/', devOutboxRoutes(deps.outbox));

  app.notFound((c) => c.html(NotFoundPage(), 404));
  app.onError((error, c) => {
    if (error instanceof HTTPException) {
      return c.text(error.message || 'That request could not be handled.', error.status);
    }
    deps.log.error('http.unhandled', { path: c.req.routePath, reason: error.message });
    return c.text('Something went wrong on our side. Nothing you sent was lost.', 500);
  });
  return app;
}
