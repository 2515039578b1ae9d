import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import {
  deleteWebhookEndpoint,
  listWebhookEndpoints,
  type WebhookEndpoint,
} from '../db/webhooks.ts';
import type { Deps } from '../deps.ts';
import { addWebhookEndpoint, webhookUrlProblem } from '../outgoing/endpoints.ts';
import { isEventType } from '../outgoing/events.ts';
import type { ApiEnv } from './auth.ts';
import { pageSchema } from './pagination.ts';
import { fail, problemResponses } from './problem.ts';
import {
  CreatedWebhookEndpointSchema,
  IdParamSchema,
  NewWebhookEndpointSchema,
  WebhookEndpointSchema,
} from './schemas.ts';

const list = createRoute({
  method: 'get',
  path: '/webhooks',
  tags: ['Webhooks'],
  summary: 'Webhook endpoints, disabled ones included',
  responses: {
    200: {
      content: {
        'application/json': { schema: pageSchema(WebhookEndpointSchema, 'WebhookEndpointPage') },
      },
      description: 'Every endpoint (one page).',
    },
    ...problemResponses(),
  },
});

const create = createRoute({
  method: 'post',
  path: '/webhooks',
  tags: ['Webhooks'],
  summary: 'Add an endpoint; its signing secret is in this answer only',
  request: {
    body: { content: { 'application/json': { schema: NewWebhookEndpointSchema } }, required: true },
  },
  responses: {
    201: {
      content: { 'application/json': { schema: CreatedWebhookEndpointSchema } },
      description: 'Added.',
    },
    ...problemResponses('invalid', 'unsupported'),
  },
});

const remove = createRoute({
  method: 'delete',
  path: '/webhooks/{id}',
  tags: ['Webhooks'],
  summary: 'Remove an endpoint and its undelivered messages',
  request: { params: IdParamSchema },
  responses: { 204: { description: 'Removed.' }, ...problemResponses('invalid', 'not_found') },
});

export function endpointView(endpoint: WebhookEndpoint) {
  return {
    id: endpoint.id,
    url: endpoint.url,
    events: endpoint.events === null ? null : endpoint.events.filter(isEventType),
    created_at: endpoint.createdAt,
    failing_since: endpoint.failingSince,
    disabled_at: endpoint.disabledAt,
    disabled_reason: endpoint.disabledReason,
  };
}

export function webhookRoutes(deps: Deps) {
  return new OpenAPIHono<ApiEnv>()
    .openapi(list, async (c) => {
      const endpoints = await listWebhookEndpoints(deps.db);
      return c.json({ data: endpoints.map(endpointView), next_cursor: null }, 200);
    })
    .openapi(create, async (c) => {
      const body = c.req.valid('json');
      const urlProblem = webhookUrlProblem(body.url, deps.config.production);
      if (urlProblem)
        fail('invalid', undefined, [{ field: 'url', message: `The URL ${urlProblem}.` }]);
      const events = body.events && body.events.length > 0 ? [...new Set(body.events)] : null;
      const { endpoint, secret } = await addWebhookEndpoint(deps, body.url, events);
      return c.json({ ...endpointView(endpoint), secret }, 201);
    })
    .openapi(remove, async (c) => {
      if (!(await deleteWebhookEndpoint(deps.db, c.req.valid('param').id))) {
        fail('not_found', 'No webhook endpoint has that id.');
      }
      return c.body(null, 204);
    });
}
