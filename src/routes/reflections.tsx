/** @jsxImportSource hono/jsx */

import { type Context, Hono } from 'hono';
import { withPartnerSides } from '../couples/partner-journal.ts';
import { isCheckinKey } from '../course/message-key.ts';
import { partnerOf, sharedCheckinQuestion } from '../db/couples.ts';
import { deliveriesOf } from '../db/deliveries.ts';
import { enrollmentsOf } from '../db/enrollments.ts';
import type { Deps } from '../deps.ts';
import { JournalPage, ReflectPage } from '../pages/journal.tsx';
import { MessagePage } from '../pages/layout.tsx';
import { SignInOfferPage } from '../pages/sign-in.tsx';
import { checkinIndexOf, journalMarkdown, journalsOf, promptFor } from '../reflections/journal.ts';
import { reflectionsAbout, saveWebReflection, shareReply } from '../reflections/save.ts';
import type { Enrollment } from '../subscribers/enrollment.ts';
import { ownerOfToken, type TokenOwner } from '../subscribers/lookup.ts';
import { journalLinkOpens } from '../tokens/windows.ts';
import { readBody } from './body.ts';
import { signedIn } from './session-cookie.ts';

/** Private pages: never cached by a browser or a proxy. */
const PRIVATE = { 'Cache-Control': 'no-store' };

export function reflectionRoutes(deps: Deps) {
  /**
   * Where the reflection page's journal link goes: the email's own journal link (open for
   * JOURNAL_LINK_DAYS after it was sent); from an old, unscoped link, the sign-in.
   */
  async function journalHref(owner: TokenOwner): Promise<string> {
    if (owner.purpose !== 'reflect') return '/journal';
    return `/journal/${await deps.signer.sign(owner.delivery.tokenId, 'journal')}`;
  }

  /**
   * The journal a request may read through this journal link: the link's own within its
   * window, else the signed-in subscriber's when the link is theirs; 'sign-in' when a sign-in
   * is needed first, null when the link is no journal link at all.
   */
  /** The signed-in person's first enrollment: where their pages take zone and names from. */
  async function signedInEnrollment(c: Context): Promise<Enrollment | undefined> {
    const person = await signedIn(c, deps);
    return person ? (await enrollmentsOf(deps.db, person.id))[0] : undefined;
  }

  async function journalReader(c: Context, token: string) {
    const owner = await ownerOfToken(deps, token, 'journal');
    if (!owner) return null;
    const link = { purpose: owner.purpose, sentAt: owner.delivery.sentAt };
    if (journalLinkOpens(link, deps.clock())) {
      return { subscriber: owner.subscriber, base: `/journal/${token}`, signedIn: false };
    }
    const session = await signedIn(c, deps);
    // Only the link's own person: a session never opens someone else's journal.
    if (session?.id === owner.subscriber.subscriberId) {
      return { subscriber: owner.subscriber, base: '/journal', signedIn: true };
    }
    return 'sign-in' as const;
  }

  /** Signed in: every course of the person; through a link in its window: its course's. */
  async function enrollmentsToShow(reader: { subscriber: Enrollment; signedIn: boolean }) {
    return reader.signedIn
      ? enrollmentsOf(deps.db, reader.subscriber.subscriberId)
      : [reader.subscriber];
  }

  async function journal(
    c: Context,
    reader: { subscriber: Enrollment; base: string; signedIn: boolean },
  ) {
    const enrollments = await enrollmentsToShow(reader);
    const journals = await journalsOf(deps, enrollments);
    for (const [index, journal] of journals.entries()) {
      const enrollment = enrollments[index];
      if (enrollment) journal.sections = await withPartnerSides(deps, enrollment, journal.sections);
    }
    return c.html(
      <JournalPage
        base={reader.base}
        signedIn={reader.signedIn}
        zone={reader.subscriber.timezone}
        journals={journals}
      />,
      200,
      PRIVATE,
    );
  }

  async function download(c: Context, reader: { subscriber: Enrollment; signedIn: boolean }) {
    const journals = await journalsOf(deps, await enrollmentsToShow(reader));
    return c.body(journalMarkdown(journals, reader.subscriber.timezone), 200, {
      ...PRIVATE,
      'Content-Type': 'text/markdown; charset=utf-8',
      'Content-Disposition': 'attachment; filename="my-journal.md"',
    });
  }

  async function reflectPage(token: string, owner: TokenOwner, notice?: string) {
    const { delivery, subscriber } = owner;
    const index = isCheckinKey(delivery.messageKey)
      ? ((await sharedCheckinQuestion(deps.db, subscriber.id, delivery.messageKey)) ??
        checkinIndexOf(delivery, await deliveriesOf(deps.db, subscriber.id)))
      : 0;
    const about = promptFor(
      deps.courses.of(subscriber.courseId),
      delivery.messageKey,
      subscriber.role,
      index,
    );
    if (!about) return null;
    const entries = await reflectionsAbout(deps, delivery);
    const linked = (await partnerOf(deps.db, subscriber.id)) !== null;
    return (
      <ReflectPage
        linked={linked}
        token={token}
        journalHref={await journalHref(owner)}
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
      const owner = await ownerOfToken(deps, token, 'reflect');
      if (!owner) return c.html(<NotFound />, 404, PRIVATE);
      const page = await reflectPage(token, owner);
      if (page) return c.html(page, 200, PRIVATE);
      return c.html(<NoPrompt journalHref={await journalHref(owner)} />, 404, PRIVATE);
    })
    .post('/reflect/:token', async (c) => {
      const token = c.req.param('token');
      const body = await readBody(c);
      const owner = await ownerOfToken(deps, token, 'reflect');
      if (!owner) return c.html(<NotFound />, 404, PRIVATE);
      if (
        !promptFor(
          deps.courses.of(owner.subscriber.courseId),
          owner.delivery.messageKey,
          owner.subscriber.role,
        )
      ) {
        return c.html(<NoPrompt journalHref={await journalHref(owner)} />, 404, PRIVATE);
      }
      const text = typeof body.text === 'string' ? body.text : '';
      // Sharing needs a partner now: a checkbox from an older page shares nothing.
      const share =
        body.share_with_partner === 'on' &&
        (await partnerOf(deps.db, owner.subscriber.id)) !== null;
      const outcome = await saveWebReflection(deps, owner.delivery, text, share);
      const notice =
        outcome === 'removed'
          ? 'Removed.'
          : share
            ? 'Saved to your journal and shared with your partner. They see it once you have both shared for this lesson.'
            : 'Saved to your journal. Only you can read it.';
      const page = await reflectPage(token, owner, notice);
      return c.html(page ?? <NotFound />, 200, PRIVATE);
    })
    .post('/reflect/:token/share', async (c) => {
      const token = c.req.param('token');
      const body = await readBody(c);
      const owner = await ownerOfToken(deps, token, 'reflect');
      if (!owner) return c.html(<NotFound />, 404, PRIVATE);
      // Sharing needs a partner now; stopping never does.
      const share =
        body.share_with_partner === 'on' &&
        (await partnerOf(deps.db, owner.subscriber.id)) !== null;
      const changed = await shareReply(deps, owner.delivery, body.reflection, share);
      const notice = !changed
        ? 'Nothing was changed.'
        : share
          ? 'Your reply is shared with your partner. They see it once you have both shared for this lesson.'
          : 'Your reply is private again. Only you can read it.';
      const page = await reflectPage(token, owner, notice);
      return c.html(page ?? <NotFound />, changed ? 200 : 400, PRIVATE);
    })
    .get('/journal', async (c) => {
      const subscriber = await signedInEnrollment(c);
      if (!subscriber) return c.html(<SignInOfferPage />, 200, PRIVATE);
      return journal(c, { subscriber, base: '/journal', signedIn: true });
    })
    .get('/journal/download', async (c) => {
      const subscriber = await signedInEnrollment(c);
      if (!subscriber) return c.html(<SignInOfferPage />, 200, PRIVATE);
      return download(c, { subscriber, signedIn: true });
    })
    .get('/journal/:token', async (c) => {
      const reader = await journalReader(c, c.req.param('token'));
      if (!reader) return c.html(<NotFound />, 404, PRIVATE);
      if (reader === 'sign-in') return c.html(<SignInOfferPage />, 200, PRIVATE);
      return journal(c, reader);
    })
    .get('/journal/:token/download', async (c) => {
      const reader = await journalReader(c, c.req.param('token'));
      if (!reader) return c.html(<NotFound />, 404, PRIVATE);
      if (reader === 'sign-in') return c.html(<SignInOfferPage />, 200, PRIVATE);
      return download(c, reader);
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

function NoPrompt({ journalHref }: { journalHref: string }) {
  return (
    <MessagePage title="Nothing to answer in this email">
      <p>
        This email has no reflection question. <a href={journalHref}>Open your journal</a>.
      </p>
    </MessagePage>
  );
}
