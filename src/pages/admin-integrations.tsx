/** @jsxImportSource hono/jsx */
import type { ApiKeyRecord } from '../db/api-keys.ts';
import type { EndpointTally, WebhookEndpoint } from '../db/webhooks.ts';
import { EVENT_TYPES } from '../outgoing/events.ts';
import { AdminPage, Notice, TableBox } from './admin-layout.tsx';

export interface IntegrationsView {
  readonly keys: readonly ApiKeyRecord[];
  readonly endpoints: readonly WebhookEndpoint[];
  readonly tallies: ReadonlyMap<number, EndpointTally>;
  readonly snippets: readonly { course: string; title: string; html: string }[];
  readonly allowedOrigins: readonly string[];
}

const when = (instant: string | null) => (instant ? instant.slice(0, 16).replace('T', ' ') : '—');

/**
 * API keys, webhook endpoints and the embeddable form on one page. A new key or signing
 * secret is shown once, in `revealed`, right after it was made; nothing else shows one.
 */
export function IntegrationsPage(props: {
  view: IntegrationsView;
  notice?: string;
  revealed?: { label: string; value: string };
  error?: string;
}) {
  const { keys, endpoints, tallies, snippets, allowedOrigins } = props.view;
  return (
    <AdminPage title="API, webhooks and the embeddable form">
      <Notice text={props.notice} />
      {props.revealed ? (
        <section class="card" aria-label="Shown once">
          <p>
            <strong>{props.revealed.label}</strong> It is shown this once; copy it now.
          </p>
          <pre>{props.revealed.value}</pre>
        </section>
      ) : null}
      {props.error ? (
        <p class="error" role="alert">
          {props.error}
        </p>
      ) : null}

      <h2>API keys</h2>
      <p class="muted">
        Programs call <code>/api/v1</code> with <code>Authorization: Bearer &lt;key&gt;</code>. The{' '}
        <a href="/api/v1/docs">API reference</a> lists every route.
      </p>
      {keys.length === 0 ? <p>No keys yet.</p> : null}
      <TableBox label="API keys">
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Starts with</th>
              <th>Created</th>
              <th>Last used</th>
              <th>State</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => (
              <tr key={key.id}>
                <td>{key.name}</td>
                <td>
                  <code>{key.prefix}…</code>
                </td>
                <td>{when(key.createdAt)}</td>
                <td>{when(key.lastUsedAt)}</td>
                <td>
                  {key.revokedAt ? (
                    `revoked ${when(key.revokedAt)}`
                  ) : (
                    <form method="post" action={`/admin/integrations/keys/${key.id}/revoke`}>
                      <button type="submit" class="danger">
                        Revoke {key.name}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableBox>
      <form method="post" action="/admin/integrations/keys" class="card">
        <label for="key-name">Name of a new key (what it is for)</label>
        <input id="key-name" name="name" type="text" required maxlength={60} />
        <button type="submit">Create a key</button>
      </form>

      <h2>Webhooks</h2>
      <p class="muted">
        Events are posted to each endpoint, signed as the Standard Webhooks specification says, and
        retried for three days. An endpoint that fails for three days is disabled.
      </p>
      {endpoints.length === 0 ? <p>No endpoints yet.</p> : null}
      <TableBox label="Webhook endpoints">
        <table>
          <thead>
            <tr>
              <th>URL</th>
              <th>Events</th>
              <th>State</th>
              <th class="n">Waiting</th>
              <th class="n">Delivered</th>
              <th class="n">Failed</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {endpoints.map((endpoint) => {
              const tally = tallies.get(endpoint.id);
              return (
                <tr key={endpoint.id}>
                  <td>{endpoint.url}</td>
                  <td>{endpoint.events?.join(', ') ?? 'every event'}</td>
                  <td>
                    {endpoint.disabledAt
                      ? `Disabled ${when(endpoint.disabledAt)} (${endpoint.disabledReason ?? ''})`
                      : endpoint.failingSince
                        ? `Failing since ${when(endpoint.failingSince)}`
                        : 'Working'}
                    {tally?.lastError && (endpoint.failingSince || endpoint.disabledAt)
                      ? `; last error: ${tally.lastError}`
                      : ''}
                  </td>
                  <td class="n">{tally?.pending ?? 0}</td>
                  <td class="n">{tally?.delivered ?? 0}</td>
                  <td class="n">{tally?.failed ?? 0}</td>
                  <td>
                    <div class="actions">
                      {endpoint.disabledAt ? (
                        <form
                          method="post"
                          action={`/admin/integrations/webhooks/${endpoint.id}/enable`}
                        >
                          <button type="submit">Enable again</button>
                        </form>
                      ) : null}
                      <form
                        method="post"
                        action={`/admin/integrations/webhooks/${endpoint.id}/remove`}
                      >
                        <button type="submit" class="danger">
                          Remove
                        </button>
                      </form>
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableBox>
      <form method="post" action="/admin/integrations/webhooks" class="card">
        <label for="webhook-url">Endpoint URL</label>
        <input id="webhook-url" name="url" type="url" required maxlength={500} />
        <fieldset>
          <legend>Events (none ticked: every event)</legend>
          {EVENT_TYPES.map((type) => (
            <label key={type}>
              <input type="checkbox" name={`event_${type}`} /> {type}
            </label>
          ))}
        </fieldset>
        <button type="submit">Add the endpoint</button>
      </form>

      <h2>Signup form for your website</h2>
      {allowedOrigins.length === 0 ? (
        <p>
          Set <code>ALLOWED_ORIGINS</code> to your site's origin (such as{' '}
          <code>https://example.org</code>) first: posts from any other site are refused.
        </p>
      ) : (
        <p class="muted">
          Sites that may post it (ALLOWED_ORIGINS): {allowedOrigins.join(', ')}. Copy the HTML into
          a page of one of them; no script is needed. Change the thank-you URL to a page of yours,
          or remove that line to land on Tend's own "check your inbox" page.
        </p>
      )}
      {snippets.map((snippet) => (
        <section key={snippet.course} aria-label={`Form for ${snippet.title}`}>
          <h3>{snippet.title}</h3>
          <pre class="email">
            <code>{snippet.html}</code>
          </pre>
        </section>
      ))}
    </AdminPage>
  );
}
