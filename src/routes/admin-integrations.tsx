/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import { apiKeyName, newApiKey } from '../api/keys.ts';
import { apiCourses } from '../api/records.ts';
import { insertApiKey, listApiKeys, revokeApiKey } from '../db/api-keys.ts';
import {
  deleteWebhookEndpoint,
  enableWebhookEndpoint,
  listWebhookEndpoints,
  webhookTallies,
} from '../db/webhooks.ts';
import type { Deps } from '../deps.ts';
import { addWebhookEndpoint, webhookUrlProblem } from '../outgoing/endpoints.ts';
import { EVENT_TYPES } from '../outgoing/events.ts';
import { IntegrationsPage, type IntegrationsView } from '../pages/admin-integrations.tsx';
import { embedSnippet } from '../pages/embed-snippet.ts';
import { readBody } from './body.ts';

const PATH = '/integrations';

/** The console's page for API keys, webhook endpoints and the embeddable signup form. */
export function adminIntegrationRoutes(deps: Deps) {
  async function view(): Promise<IntegrationsView> {
    const [keys, endpoints, tallies] = await Promise.all([
      listApiKeys(deps.db),
      listWebhookEndpoints(deps.db),
      webhookTallies(deps.db),
    ]);
    const thankYou = deps.config.allowedOrigins[0];
    return {
      keys,
      endpoints,
      tallies,
      allowedOrigins: deps.config.allowedOrigins,
      snippets: apiCourses(deps).map((course) => ({
        course: course.id,
        title: course.title,
        html: embedSnippet(course, {
          publicUrl: deps.config.publicUrl,
          thankYouUrl: thankYou ? `${thankYou}/thank-you` : null,
        }),
      })),
    };
  }
  const idOf = (raw: string) => (/^\d{1,15}$/.test(raw) ? Number(raw) : 0);

  return new Hono()
    .get(PATH, async (c) => c.html(<IntegrationsPage view={await view()} />))
    .post(`${PATH}/keys`, async (c) => {
      const body = await readBody(c);
      const name = apiKeyName(typeof body.name === 'string' ? body.name : '');
      if (!name) {
        return c.html(
          <IntegrationsPage
            view={await view()}
            error="Give the key a name of 1 to 60 characters."
          />,
          400,
        );
      }
      const key = await newApiKey();
      const stored = await insertApiKey(deps.db, { name, ...key, now: deps.clock().toISOString() });
      if (!stored) {
        return c.html(
          <IntegrationsPage view={await view()} error={`A live key is already named "${name}".`} />,
          409,
        );
      }
      return c.html(
        <IntegrationsPage
          view={await view()}
          revealed={{ label: `The key "${name}":`, value: key.key }}
        />,
      );
    })
    .post(`${PATH}/keys/:id/revoke`, async (c) => {
      const revoked = await revokeApiKey(
        deps.db,
        { id: idOf(c.req.param('id')) },
        deps.clock().toISOString(),
      );
      return c.html(
        <IntegrationsPage
          view={await view()}
          notice={
            revoked
              ? 'Revoked: requests with that key now get 401.'
              : 'That key was already revoked.'
          }
        />,
      );
    })
    .post(`${PATH}/webhooks`, async (c) => {
      const body = await readBody(c);
      const url = typeof body.url === 'string' ? body.url.trim() : '';
      const problem = webhookUrlProblem(url, deps.config.production);
      if (problem) {
        return c.html(<IntegrationsPage view={await view()} error={`The URL ${problem}.`} />, 400);
      }
      const ticked = EVENT_TYPES.filter((type) => body[`event_${type}`] === 'on');
      const { secret } = await addWebhookEndpoint(deps, url, ticked.length > 0 ? ticked : null);
      return c.html(
        <IntegrationsPage
          view={await view()}
          revealed={{ label: 'The signing secret of the new endpoint:', value: secret }}
        />,
      );
    })
    .post(`${PATH}/webhooks/:id/enable`, async (c) => {
      const enabled = await enableWebhookEndpoint(
        deps.db,
        idOf(c.req.param('id')),
        deps.clock().toISOString(),
      );
      return c.html(
        <IntegrationsPage
          view={await view()}
          notice={
            enabled
              ? 'Enabled: messages still waiting go out at the next pass.'
              : 'That endpoint was not disabled.'
          }
        />,
      );
    })
    .post(`${PATH}/webhooks/:id/remove`, async (c) => {
      const removed = await deleteWebhookEndpoint(deps.db, idOf(c.req.param('id')));
      return c.html(
        <IntegrationsPage
          view={await view()}
          notice={removed ? 'Removed, with the messages it had not received.' : 'No such endpoint.'}
        />,
      );
    });
}
