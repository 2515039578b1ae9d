/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import { deliveriesOf } from '../db/deliveries.ts';
import type { Deps } from '../deps.ts';
import { JournalPage, ReflectPage } from '../pages/journal.tsx';
import { MessagePage } from '../pages/layout.tsx';
import { checkinIndexOf, journalMarkdown, journalOf, promptFor } from '../reflections/journal.ts';
import { reflectionsAbout, saveWebReflection } from '../reflections/save.ts';
import { ownerOfToken, type TokenOwner } from '../subscribers/lookup.ts';
import { readBody } from './body.ts';

/** Private pages: never cached by a browser or a proxy. */
const PRIVATE = { 'Cache-Control': 'no-store' };

export function reflectionRoutes(deps: Deps) {
  async function reflectPage(token: string, owner: TokenOwner, notice?: string) {
    const { delivery, subscriber } = owner;
    const index = delivery.message_key.startsWith('checkin:')
      ? checkinIndexOf(delivery, await deliveriesOf(deps.db, subscriber.id))
      : 0;
    const about = promptFor(deps.course, delivery.message_key, subscriber.role, index);
    if (!about) return null;
    const entries = await reflectionsAbout(deps, delivery);
    return (
      <ReflectPage
        token={token}
        zone={subscriber.timezone}
        heading={about.heading}
        prompt={about.prompt}
        web={entries.find((entry) => entry.source === 'web')}
        replies={entries.filter((entry) => entry.source === 'email')}
        {...(notice ? { notice } : {})}
      />
    );
  }

  return new Hono()
    .get('/reflect/:token', async (c) => {
      const token = c.req.param('token');
      const owner = await ownerOfToken(deps, token);
      if (!owner) return c.html(<NotFound />, 404, PRIVATE);
      const page = await reflectPage(token, owner);
      return page ? c.html(page, 200, PRIVATE) : c.html(<NoPrompt token={token} />, 404, PRIVATE);
    })
    .post('/reflect/:token', async (c) => {
      const token = c.req.param('token');
      const body = await readBody(c);
      const owner = await ownerOfToken(deps, token);
      if (!owner) return c.html(<NotFound />, 404, PRIVATE);
      if (!promptFor(deps.course, owner.delivery.message_key, owner.subscriber.role)) {
        return c.html(<NoPrompt token={token} />, 404, PRIVATE);
      }
      const text = typeof body.text === 'string' ? body.text : '';
      const outcome = await saveWebReflection(deps, owner.delivery, text);
      const notice =
        outcome === 'saved' ? 'Saved to your journal. Only you can read it.' : 'Removed.';
      const page = await reflectPage(token, owner, notice);
      return c.html(page ?? <NotFound />, 200, PRIVATE);
    })
    .get('/journal/:token', async (c) => {
      const token = c.req.param('token');
      const owner = await ownerOfToken(deps, token);
      if (!owner) return c.html(<NotFound />, 404, PRIVATE);
      const sections = await journalOf(deps, owner.subscriber);
      return c.html(
        <JournalPage
          token={token}
          zone={owner.subscriber.timezone}
          title={deps.course.title}
          sections={sections}
        />,
        200,
        PRIVATE,
      );
    })
    .get('/journal/:token/download', async (c) => {
      const owner = await ownerOfToken(deps, c.req.param('token'));
      if (!owner) return c.html(<NotFound />, 404, PRIVATE);
      const sections = await journalOf(deps, owner.subscriber);
      const markdown = journalMarkdown(deps.course.title, sections, owner.subscriber.timezone);
      return c.body(markdown, 200, {
        ...PRIVATE,
        'Content-Type': 'text/markdown; charset=utf-8',
        'Content-Disposition': 'attachment; filename="my-journal.md"',
      });
    });
}

function NotFound() {
  return (
    <MessagePage title="Nothing here">
      <p>
        This link doesn't lead anywhere now. It may be incomplete (some email apps cut long links),
        or the data behind it was erased.
      </p>
    </MessagePage>
  );
}

function NoPrompt({ token }: { token: string }) {
  return (
    <MessagePage title="Nothing to answer in this email">
      <p>
        This email has no reflection question. <a href={`/journal/${token}`}>Open your journal</a>.
      </p>
    </MessagePage>
  );
}
