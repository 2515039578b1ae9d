/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import { readEml } from '../mail/eml-read.ts';
import type { OutboxStore } from '../mail/outbox.ts';
import { EMAIL_FRAME_CSP } from '../pages/email-frame.ts';
import { Page } from '../pages/layout.tsx';

const SHOWN_HEADERS = ['from', 'to', 'reply-to', 'subject', 'date', 'list-unsubscribe'];

/** The host names the outbox answers to besides PUBLIC_URL's: this machine's own. */
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/**
 * Development only: the emails the outbox mailer wrote, listed, shown decoded (the links in
 * the text part work, so a confirmation can be followed) and downloadable as raw .eml.
 *
 * They hold every token, so they answer only a request addressed to this machine or to
 * PUBLIC_URL's host: a page on another site cannot read them through a name of its own that
 * it points at 127.0.0.1 (DNS rebinding), since the browser sends that name as Host.
 */
export function devOutboxRoutes(store: OutboxStore, publicUrl: string) {
  const hosts = new Set([...LOOPBACK_HOSTS, new URL(publicUrl).hostname]);
  return new Hono()
    .use('/dev/outbox/*', async (c, next) => {
      if (!hosts.has(new URL(c.req.url).hostname)) return c.text('Not found.', 404);
      await next();
    })
    .get('/dev/outbox', async (c) => {
      const entries = await store.list(200);
      return c.html(
        <Page title="Outbox">
          <h1>Outbox</h1>
          <p class="muted">
            Emails written instead of sent, newest first (no RESEND_API_KEY is set). Open one to
            read it and follow its links, or download it into a mail client.
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
    .get('/dev/outbox/:id{[A-Za-z0-9_-]+\\.eml}', async (c) => {
      const eml = await store.read(c.req.param('id').slice(0, -'.eml'.length));
      if (eml === undefined) return c.text('No such message.', 404);
      return c.body(eml, 200, { 'Content-Type': 'message/rfc822' });
    })
    .get('/dev/outbox/:id', async (c) => {
      const id = c.req.param('id');
      const eml = await store.read(id);
      if (eml === undefined) return c.text('No such message.', 404);
      const message = readEml(eml);
      c.header('Content-Security-Policy', EMAIL_FRAME_CSP);
      return c.html(
        <Page title={message.headers.subject ?? 'Email'}>
          <p>
            <a href="/dev/outbox">All emails</a> · <a href={`/dev/outbox/${id}.eml`}>Raw .eml</a>
          </p>
          <table class="outbox-headers">
            <tbody>
              {SHOWN_HEADERS.map((name) => (
                <tr key={name}>
                  <th>{name}</th>
                  <td>{message.headers[name] ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>Plain text</h2>
          <pre class="outbox-text">{linkify(message.text)}</pre>
          <h2>HTML</h2>
          <iframe title="The email as HTML" sandbox="" srcdoc={message.html} class="outbox-frame" />
        </Page>,
      );
    });
}

/** The text with its URLs as links (escaped by JSX like any other text). */
function linkify(text: string) {
  return text.split(/(https?:\/\/[^\s<>"]+)/).map((piece, index) =>
    /^https?:\/\//.test(piece) ? (
      // biome-ignore lint/suspicious/noArrayIndexKey: pieces of one string have no identity
      <a key={index} href={piece}>
        {piece}
      </a>
    ) : (
      piece
    ),
  );
}
