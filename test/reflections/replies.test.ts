import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reflectionsOf } from '../../src/db/reflections.ts';
import {
  type InboundSource,
  type ReceivedEmail,
  storeReply,
} from '../../src/reflections/inbound.ts';
import { journalOf } from '../../src/reflections/journal.ts';
import { type TestDeps, testDeps } from '../support/deps.ts';
import {
  emailsTo,
  messageOf,
  runScheduler,
  subscribeAndConfirm,
  tokenOf,
} from '../support/flows.ts';

let deps: TestDeps;
beforeEach(async () => {
  deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
});
afterEach(() => deps.close());

/** Received emails by id, as the provider's receiving API would serve them. */
function inbox(messages: Record<string, ReceivedEmail>): InboundSource {
  return { fetchReceived: async (id) => messages[id] ?? null };
}

const gmailReply = (from: string, words: string): ReceivedEmail => ({
  from: `Robin <${from}>`,
  to: [],
  text: `${words}\n\nOn Tue, 2 Jun 2026 at 08:00, Rebuilding Trust <hello@tend.test> wrote:\n> Step 1 of 10\n> What do you need to hear acknowledged?\n`,
  html: null,
});

async function lesson1(address: string) {
  await subscribeAndConfirm(deps, { email: address, role: 'hurt' });
  await runScheduler(deps, '2026-06-02T09:00:00Z', 30);
  const lesson = emailsTo(deps, address).find((email) => messageOf(email) === 'lesson_1');
  if (!lesson?.replyTo) throw new Error('no lesson');
  return { token: tokenOf(lesson), replyTo: lesson.replyTo };
}

describe('replies by email', () => {
  it('keeps only what the subscriber wrote, all replies in order, and acknowledges', async () => {
    const { replyTo } = await lesson1('robin@example.com');
    const source = inbox({
      r1: gmailReply('robin@example.com', 'I need to hear that it was not my fault.'),
      r2: gmailReply('Robin@Example.com', 'And that the lies about money were lies.'),
    });
    const event = (id: string) => ({ emailId: id, from: 'robin@example.com', to: [replyTo] });
    expect(await storeReply(deps, event('r1'), source)).toBe('stored');
    expect(await storeReply(deps, event('r2'), source)).toBe('stored');
    expect(await storeReply(deps, event('r1'), source)).toBe('duplicate');

    const [section] = await journalOf(deps, { id: 1, role: 'hurt', courseId: deps.course.id });
    expect(section?.messageKey).toBe('lesson:1');
    expect(section?.entries.map((entry) => entry.text)).toEqual([
      'I need to hear that it was not my fault.',
      'And that the lies about money were lies.',
    ]);
    const acks = emailsTo(deps, 'robin@example.com').filter((e) => messageOf(e) === 'saved');
    expect(acks).toHaveLength(2);
    expect(acks[0]?.text).toContain('Only you can read it');
    expect(acks[0]?.text).not.toContain('not my fault');
  });

  it('stores nothing from another sender, an unknown token or a confirmation address', async () => {
    const { replyTo, token } = await lesson1('owner@example.com');
    const source = inbox({
      x: gmailReply('intruder@example.com', 'Let me in.'),
      y: gmailReply('owner@example.com', 'Mine.'),
    });
    expect(
      await storeReply(deps, { emailId: 'x', from: 'intruder@example.com', to: [replyTo] }, source),
    ).toBe('wrong-sender');
    // The event claims the owner, but the message itself came from someone else.
    expect(
      await storeReply(deps, { emailId: 'x', from: 'owner@example.com', to: [replyTo] }, source),
    ).toBe('wrong-sender');
    const forged = `reply+${token.slice(0, 26)}${'a'.repeat(26)}@reply.tend.test`;
    expect(
      await storeReply(deps, { emailId: 'y', from: 'owner@example.com', to: [forged] }, source),
    ).toBe('unknown-token');
    expect(
      await storeReply(
        deps,
        { emailId: 'y', from: 'owner@example.com', to: ['hello@tend.test'] },
        source,
      ),
    ).toBe('not-a-reply');
    expect(await reflectionsOf(deps.db, 1)).toHaveLength(0);
  });

  it("one subscriber's reply address never files into another's journal", async () => {
    const first = await lesson1('first@example.com');
    await subscribeAndConfirm(deps, { email: 'second@example.com' });
    const source = inbox({ z: gmailReply('second@example.com', 'Written by the second.') });
    expect(
      await storeReply(
        deps,
        { emailId: 'z', from: 'second@example.com', to: [first.replyTo] },
        source,
      ),
    ).toBe('wrong-sender');
    const rows = await deps.db.selectFrom('reflections').selectAll().execute();
    expect(rows).toHaveLength(0);
  });

  it('an empty reply (only the quote) stores nothing', async () => {
    const { replyTo } = await lesson1('quiet@example.com');
    const source = inbox({ q: gmailReply('quiet@example.com', '') });
    expect(
      await storeReply(deps, { emailId: 'q', from: 'quiet@example.com', to: [replyTo] }, source),
    ).toBe('empty');
  });

  it('does not acknowledge when the subscriber turned acknowledgements off', async () => {
    const { replyTo } = await lesson1('noack@example.com');
    await deps.db.updateTable('enrollments').set({ acknowledge_replies: 0 }).execute();
    const source = inbox({ a: gmailReply('noack@example.com', 'Quietly noted.') });
    await storeReply(deps, { emailId: 'a', from: 'noack@example.com', to: [replyTo] }, source);
    expect(emailsTo(deps, 'noack@example.com').map(messageOf)).not.toContain('saved');
  });
});
