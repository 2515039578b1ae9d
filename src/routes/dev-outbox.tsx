/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import type { OutboxStore } from '../mail/outbox.ts';
import { Page } from '../pages/layout.tsx';

/** Development only: the emails the outbox mailer wrote, listed and readable as raw .eml. */
export function devOutboxRoutes(store: OutboxStore) {
  return new Hono()
    .get('/dev/outbox', async (c) => {
      const entries = await store.list(200);
      return c.html(
        <Page title="Outbox">
          <h1>Outbox</h1>
          <p class="muted">
            Emails written instead of sent, newest first (no RESEND_API_KEY is set). Open one to see
            the raw message, or download it into a mail client.
          </p>
          {entries.length === 0 ? <p>Nothing yet.</p> : null}
          <ul>
            {entries.map((entry) => (
              <li key={entry.id}>
                <a href={`/dev/outbox/${entry.id}`}>{entry.subject}</a>{' '}
                <span class="muted">
                  to {entry.recipient}, {entry.createdAt}
                </span>
              </li>
            ))}
          </ul>
        </Page>,
      );
    })
    .get('/dev/outbox/:id', async (c) => {
      const eml = await store.read(c.req.param('id'));
      if (eml === undefined) return c.text('No such message.', 404);
      return c.body(eml, 200, { 'Content-Type': 'text/plain; charset=utf-8' });
    });
}
