import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { insertDelivery } from '../../src/db/deliveries.ts';
import type { ReceivedEmail } from '../../src/reflections/inbound.ts';
import { journalOf } from '../../src/reflections/journal.ts';
import { newTokenId } from '../../src/tokens/token.ts';
import { replyCorpus } from '../fixtures/replies/corpus.ts';
import { outboxTo, subscribeAndConfirm, testWorker, tokenOf } from './support.ts';
import { signed, webhookSecret } from './svix.ts';

/**
 * Email replies in workerd over D1: the signed webhook, the HTML reply parser and the loop
 * guards run as on Workers. The received emails come from an in-memory receiving API (the
 * Resend double is a Node server); everything after the fetch is the real path.
 */
const SECRET = webhookSecret();

/** D1 is shared by this file's tests: each test has its own reader. */
async function setUp(READER: string) {
  const tw = testWorker({ RESEND_WEBHOOK_SECRET: SECRET });
  const reader = await subscribeAndConfirm(tw, { email: READER });
  const received = new Map<string, ReceivedEmail>();
  const deps = {
    ...tw.deps(),
    inbound: { fetchReceived: async (id: string) => received.get(id) ?? null },
  };
  const app = createApp(deps);
  // A lesson to reply to, as the scheduler would have queued it.
  const tokenId = newTokenId();
  const now = new Date().toISOString();
  await insertDelivery(deps.db, {
    enrollmentId: reader.id,
    round: reader.round,
    messageKey: 'lesson:2',
    tokenId,
    dueAt: now,
    now,
  });
  const lessonReplyTo = `reply+${await deps.signer.sign(tokenId, 'reply')}@reply.tend.test`;
  const welcome = (await outboxTo(deps, READER)).find((row) => row.subject.startsWith('Welcome'));
  const welcomeReplyTo = `reply+${tokenOf(welcome?.eml ?? '')}@reply.tend.test`;
  let sequence = 0;

  /** Posts the signed webhook for a received email; answers the HTTP status. */
  async function receive(to: string, email: Partial<ReceivedEmail>): Promise<number> {
    const id = `${READER}-${++sequence}`;
    received.set(id, { from: READER, to: [to], text: null, html: null, ...email });
    const body = JSON.stringify({
      type: 'email.received',
      created_at: now,
      data: { email_id: id, from: READER, to: [to], subject: email.subject ?? 'Re: Step 2' },
    });
    const response = await app.request('/webhooks/resend', await signed(SECRET, `msg_${id}`, body));
    return response.status;
  }

  const texts = async () =>
    (await journalOf(deps, { ...reader, courseId: reader.course_id })).flatMap((section) =>
      section.entries.map((e) => e.text),
    );
  const acknowledgements = async () =>
    (await outboxTo(deps, READER)).filter((row) => row.subject.startsWith('Saved'));
  return { receive, texts, acknowledgements, lessonReplyTo, welcomeReplyTo };
}

describe('email replies on Workers (D1)', () => {
  it('stores what an HTML-only reply says, for every HTML reply of the corpus', async () => {
    const { receive, texts, lessonReplyTo } = await setUp('html@example.com');
    const htmlOnly = replyCorpus.filter((r) => r.html !== undefined && r.expected !== '');
    expect(htmlOnly.length).toBeGreaterThanOrEqual(5);
    for (const fixture of htmlOnly) {
      expect(await receive(lessonReplyTo, { html: fixture.html ?? null })).toBe(200);
    }
    expect(await texts()).toEqual(htmlOnly.map((fixture) => fixture.expected));
  });

  it('ignores automatic replies and replies to mail without a prompt; caps acknowledgements', async () => {
    const { receive, texts, acknowledgements, lessonReplyTo, welcomeReplyTo } =
      await setUp('loops@example.com');
    await receive(lessonReplyTo, {
      text: 'Away until Monday.',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    await receive(lessonReplyTo, { text: 'Away.', subject: 'Abwesenheitsnotiz: Schritt 2' });
    await receive(welcomeReplyTo, { text: 'Hello!' });
    expect(await texts()).toEqual([]);
    for (const n of [1, 2, 3, 4]) await receive(lessonReplyTo, { text: `Reply ${n}.` });
    expect(await texts()).toEqual(['Reply 1.', 'Reply 2.', 'Reply 3.', 'Reply 4.']);
    const acks = await acknowledgements();
    expect(acks).toHaveLength(3);
    expect(acks[0]?.eml).toContain('Auto-Submitted: auto-replied');
    expect(acks[0]?.eml).toContain('Reply-To: noreply@reply.tend.test');
  });

  it('stores a hostile HTML reply past the input cap cut, with a note', async () => {
    const { receive, texts, lessonReplyTo } = await setUp('hostile@example.com');
    const html = `<p>Mine.</p>${'<b>'.repeat(200_000)}deep${'<p>'.repeat(150_000)}`;
    expect(await receive(lessonReplyTo, { html })).toBe(200);
    const [text] = await texts();
    expect(text?.startsWith('Mine.')).toBe(true);
    expect(text).toContain('[Tend kept only the beginning of this reply');
  });
});
