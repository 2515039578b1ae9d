import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { API_PREFIX } from './api/prefix.ts';
import { problem, problemTypeOf } from './api/problem.ts';
import { apiRoutes } from './api/routes.ts';
import {
  type ClientAddressReader,
  captureClientAddress,
  nodeClientAddress,
} from './clients/address.ts';
import { CourseGone } from './course/courses.ts';
import type { Deps } from './deps.ts';
import { ErrorPage, errorStatus } from './pages/error-page.tsx';
import { adminRoutes } from './routes/admin.tsx';
import { prefersJson } from './routes/body.ts';
import { bodyLimit } from './routes/body-limit.ts';
import { confirmRoutes } from './routes/confirm.tsx';
import { devOutboxRoutes } from './routes/dev-outbox.tsx';
import { EMBEDDABLE_PATHS, embedCors } from './routes/embed.ts';
import { inviteRoutes } from './routes/invite.tsx';
import { pageRoutes } from './routes/pages.tsx';
import { partnerRoutes } from './routes/partner.tsx';
import { preferencesRoutes } from './routes/preferences.tsx';
import { reflectionRoutes } from './routes/reflections.tsx';
import { sameOrigin } from './routes/same-origin.tsx';
import { signInRoutes } from './routes/sign-in.tsx';
import { signupRoutes } from './routes/signup.tsx';
import { unsubscribeRoutes } from './routes/unsubscribe.tsx';
import { webhookRoutes } from './routes/webhooks.ts';
import type { SignupInput } from './subscribers/signup-input.ts';

/**
 * Paths whose POSTs come from elsewhere than our own pages: mail providers (one-click
 * unsubscribe, provider events), and the API, whose Bearer key is no ambient credential a
 * browser would add to another site's request.
 */
const CROSS_SITE_POSTS = /^\/(unsubscribe|webhooks|api\/v1)\//;

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
  /**
   * Where the runtime finds the client's address (src/clients/address.ts): Workers passes
   * cloudflareClientAddress; the default is Node's socket (and X-Forwarded-For per TRUST_PROXY).
   */
  readonly clientAddress?: ClientAddressReader;
}

/**
 * Whether the request came with a body that nothing read: an answer given before reading it
 * (a 413, a refused cross-site post, an unknown route). The rest of that body is still on the
 * connection, and a keep-alive client's next request on it fails (undici: "other side
 * closed"), so such an answer closes the connection.
 */
function bodyLeftUnread(request: Request): boolean {
  if (request.method === 'GET' || request.method === 'HEAD') return false;
  const length = request.headers.get('content-length');
  const sent = request.headers.has('transfer-encoding') || (length !== null && length !== '0');
  return sent && !request.bodyUsed;
}

export function createApp(deps: Deps, options: AppOptions = {}): Hono {
  const app = new Hono();
  app.use(async (c, next) => {
    await next();
    if (c.res.status === 413 || bodyLeftUnread(c.req.raw)) c.res.headers.set('Connection', 'close');
  });

  app.use(captureClientAddress(options.clientAddress ?? nodeClientAddress(deps.config.trustProxy)));
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
      // Connection: close, since the unread rest of the body would otherwise arrive as the
      // start of the next request on this connection.
      onError: (c) => {
        c.header('Connection', 'close');
        return refuse(c, 413, 'That request is too large.');
      },
    }),
  );
  app.use(trimTrailingSlash);
  app.use('/subscribe', embedCors(deps));
  app.use(sameOrigin(deps, CROSS_SITE_POSTS, EMBEDDABLE_PATHS));

  app.route('/', pageRoutes(deps));
  app.route('/', signupRoutes(deps, options));
  app.route('/', confirmRoutes(deps));
  app.route('/', unsubscribeRoutes(deps));
  app.route('/', webhookRoutes(deps));
  app.route('/', reflectionRoutes(deps));
  app.route('/', preferencesRoutes(deps));
  app.route('/', signInRoutes(deps));
  app.route('/', inviteRoutes(deps));
  app.route('/', partnerRoutes(deps));
  app.route('/admin', adminRoutes(deps));
  app.route(API_PREFIX, apiRoutes(deps, options));
  if (deps.outbox && !deps.config.production) {
    app.route('/', devOutboxRoutes(deps.outbox, deps.config.publicUrl));
  }

  app.notFound((c) => refuse(c, 404, 'Not found.'));
  app.onError((error, c) => {
    if (error instanceof HTTPException) {
      return refuse(c, error.status, error.message || 'That request could not be handled.');
    }
    if (error instanceof CourseGone) {
      deps.log.warn('course.gone', { path: c.req.routePath, course: error.courseId });
      return refuse(c, 410, 'This course is no longer offered here.');
    }
    deps.log.error('http.unhandled', { path: c.req.routePath, reason: error.message });
    return refuse(c, 500, 'Something went wrong on our side. Nothing you sent was lost.');
  });
  return app;
}

/**
 * Answers a refusal: a styled page with a way back for people, JSON for programs that sent
 * or asked for JSON (the API, scripts).
 */
export function refuse(
  c: Context,
  status: ContentfulStatusCode,
  message: string,
): Response | Promise<Response> {
  if (c.req.path.startsWith(`${API_PREFIX}/`)) {
    return problem(c, problemTypeOf(status), message);
  }
  if (prefersJson(c)) return c.json({ error: message }, status);
  return c.html(ErrorPage({ status: errorStatus(status) }), status);
}

/**
 * `/help/` finds `/help`: a GET that found nothing and ends in a slash is sent to the same
 * path without it, by a relative redirect that keeps the query. A path that would become
 * `//host` (a link to another site) is left alone.
 */
const trimTrailingSlash: MiddlewareHandler = async (c, next) => {
  await next();
  const { path } = c.req;
  if (c.res.status !== 404 || (c.req.method !== 'GET' && c.req.method !== 'HEAD')) return;
  if (path.length < 3 || !path.endsWith('/') || /^\/[/\\]/.test(path)) return;
  const target = path.replace(/\/+$/, '');
  if (target === '') return;
  const query = c.req.url.indexOf('?');
  c.res = c.redirect(target + (query < 0 ? '' : c.req.url.slice(query)), 301);
};
