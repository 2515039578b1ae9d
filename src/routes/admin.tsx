/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import type { LoginBackoff } from '../admin/lockout.ts';
import type { Deps } from '../deps.ts';
import { ADMIN_CSS } from '../pages/admin-assets.ts';
import { ConsoleOffPage } from '../pages/admin-login.tsx';
import { adminAuth } from './admin-auth.tsx';
import { adminConsoleRoutes } from './admin-console.tsx';
import { adminIntegrationRoutes } from './admin-integrations.tsx';
import { adminPreviewRoutes } from './admin-previews.tsx';
import { adminSubscriberRoutes } from './admin-subscribers.tsx';

/**
 * The operator's console, mounted at /admin. Everything behind ADMIN_PASSWORD; without it,
 * 404 in production and a page saying how to turn it on in development. Nothing here is
 * ever cached, and no page shows a token or a word anyone wrote: only counts.
 */
export function adminRoutes(deps: Deps, options: { backoff?: LoginBackoff } = {}) {
  const app = new Hono();

  // Cross-site posts never get here: the app's sameOrigin middleware refuses them.
  app.use(async (c, next) => {
    await next();
    c.res.headers.set('Cache-Control', 'no-store');
  });

  const password = deps.config.adminPassword;
  if (!password && deps.config.production) {
    app.all('/*', (c) => c.notFound());
    return app;
  }
  app.get('/admin.css', (c) =>
    c.body(ADMIN_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8' }),
  );
  if (!password) {
    app.all('/*', (c) => c.html(<ConsoleOffPage />, 404));
    return app;
  }

  const auth = adminAuth(deps, password, options.backoff);
  app.route('/', auth.routes);
  app.use(auth.requireSession);
  app.route('/', adminConsoleRoutes(deps));
  app.route('/', adminSubscriberRoutes(deps));
  app.route('/', adminPreviewRoutes(deps));
  app.route('/', adminIntegrationRoutes(deps));
  return app;
}
