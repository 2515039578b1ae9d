import { OpenAPIHono } from '@hono/zod-openapi';
import { Scalar } from '@scalar/hono-api-reference';
import { HTTPException } from 'hono/http-exception';
import type { AppOptions } from '../app.ts';
import type { Deps } from '../deps.ts';
import { type ApiEnv, requireApiKey } from './auth.ts';
import { courseRoutes } from './courses.ts';
import { API_PREFIX } from './prefix.ts';
import { ApiProblem, problem, problemTypeOf } from './problem.ts';
import { subscriberRoutes } from './subscribers.ts';
import { webhookRoutes } from './webhooks.ts';

export const API_VERSION = '1.0.0';

/**
 * The REST API, mounted at /api/v1: every route is described by a zod schema that both
 * validates the request and generates the OpenAPI 3.1 document at /openapi.json; /docs is
 * the interactive reference. Everything but those two needs an API key.
 */
export function apiRoutes(deps: Deps, options: AppOptions = {}) {
  const api = new OpenAPIHono<ApiEnv>({
    defaultHook: (result, c) => {
      if (result.success) return;
      const errors = result.error.issues.slice(0, 20).map((issue) => ({
        field: issue.path.join('.') || result.target,
        message: issue.message,
      }));
      return problem(c, 'invalid', `The ${result.target} is not valid.`, errors);
    },
  });
  api.openAPIRegistry.registerComponent('securitySchemes', 'ApiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'A key from `npx tend api-key create --name NAME`.',
  });

  api.doc31('/openapi.json', () => ({
    openapi: '3.1.0',
    info: {
      title: 'Tend API',
      version: API_VERSION,
      description:
        'Enrol people in courses, read their progress, and manage webhook endpoints. Errors are application/problem+json (RFC 9457); lists are paginated by cursor.',
    },
    servers: [{ url: `${deps.config.publicUrl}${API_PREFIX}` }],
    security: [{ ApiKey: [] }],
  }));
  api.get('/docs', async (c, next) => {
    // The reference page runs Scalar's script from its CDN, with inline styles: a policy of
    // its own, for this page only (secureHeaders does not overwrite it).
    c.header(
      'Content-Security-Policy',
      "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.scalar.com; font-src 'self' data: https://fonts.scalar.com https://cdn.jsdelivr.net; img-src 'self' data: https:; connect-src 'self'; frame-ancestors 'none'",
    );
    return next();
  });
  api.get('/docs', Scalar({ url: `${API_PREFIX}/openapi.json`, pageTitle: 'Tend API' }));

  const auth = requireApiKey(deps);
  api.use('*', async (c, next) => {
    if (c.req.path.endsWith('/openapi.json') || c.req.path.endsWith('/docs')) return next();
    return auth(c, next);
  });
  api.route('/', courseRoutes(deps));
  api.route('/', subscriberRoutes(deps, options));
  api.route('/', webhookRoutes(deps));

  // A mounted app's notFound is never called (the parent's is): a route of its own instead.
  api.all('*', (c) => problem(c, 'not_found', 'No such API route (see /api/v1/openapi.json).'));
  api.onError((error, c) => {
    if (error instanceof ApiProblem) return problem(c, error.type, error.detail, error.errors);
    if (error instanceof HTTPException) {
      return problem(c, problemTypeOf(error.status), error.message || undefined);
    }
    deps.log.error('api.unhandled', { path: c.req.routePath, reason: error.message });
    return problem(c, 'internal');
  });
  return api;
}
