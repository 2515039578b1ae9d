import { afterEach, describe, expect, it } from 'vitest';
import type { InboundSource, ReceivedEmail } from '../../src/reflections/inbound.ts';
import { storeReply } from '../../src/reflections/inbound.ts';
import { type TestDeps, testDeps } from '../support/deps.ts';
import { emailsTo, form, messageOf, runScheduler, tokenOf } from '../support/flows.ts';
import { linkedCouple } from './support.ts';

let deps: TestDeps;
afterEach(() => deps?.close());

const A = 'ana@example.com';
const B = 'ben@example.net';

function lesson1(address: string) {
  const email = emailsTo(deps, address).find((e) => messageOf(e) === 'lesson_1');
  if (!email) throw new Error(`no lesson 1 to ${address}`);
  return email;
}

/** Ana answers lesson 1 by email: the reply lands in her journal, private. */
async function replyByEmail(text: string) {
  const replyTo = lesson1(A).replyTo ?? '';
  const received: ReceivedEmail = { from: `Ana <${A}>`, to: [], text, html: null };
  const source: InboundSource = { fetchReceived: async () => received };
  expect(await storeReply(deps, { emailId: 'r1', from: A, to: [replyTo] }, source)).toBe('stored');
  const row = await deps.db
    .selectFrom('reflections')
    .select(['id', 'shared'])
    .where('source', '=', 'email')
    .executeTakeFirstOrThrow();
  expect(row.shared).toBe(0);
  return row.id;
}

/** What Ben can read of lesson 1: his journal and his reflection page. */
async function bensPages() {
  const { app } = context;
  const email = lesson1(B);
  const journal = await (await app.request(`/journal/${tokenOf(email, 'journal')}`)).text();
  const reflect = await (await app.request(`/reflect/${tokenOf(email, 'reflect')}`)).text();
  return journal + reflect;
}

let context: Awaited<ReturnType<typeof linkedCouple>>;

const share = (reflection: string, on: boolean, token = tokenOf(lesson1(A), 'reflect')) =>
  context.app.request(
    `/reflect/${token}/share`,
    form(on ? { reflection, share_with_partner: 'on' } : { reflection }),
  );

describe('sharing a reply by email afterwards', () => {
  it('keeps it private until ticked on the web, then mutual reveal applies', async () => {
    deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
    context = await linkedCouple(deps, { email: A }, { email: B });
    await runScheduler(deps, '2026-06-02T09:00:00Z', 30);
    const id = await replyByEmail('ANA-EMAILED-REPLY');
    await context.app.request(
      `/reflect/${tokenOf(lesson1(B), 'reflect')}`,
      form({ text: 'BEN-SHARED-ONE', share_with_partner: 'on' }),
    );

    // Ben shared; Ana's reply came by email and she has not shared it: nothing crosses.
    expect(await bensPages()).not.toContain('ANA-EMAILED-REPLY');
    const anaPage = await (
      await context.app.request(`/reflect/${tokenOf(lesson1(A), 'reflect')}`)
    ).text();
    expect(anaPage).toContain('ANA-EMAILED-REPLY');
    expect(anaPage).not.toContain('BEN-SHARED-ONE');
    expect(anaPage).toContain(`name="reflection" value="${id}"`);
    expect(anaPage).toContain('Share this reply with my partner');

    // Ana ticks the box for her reply: both have shared for lesson 1, both see the other.
    const shared = await share(String(id), true);
    expect(shared.status).toBe(200);
    expect(await shared.text()).toContain('Your reply is shared with your partner.');
    expect(await bensPages()).toContain('ANA-EMAILED-REPLY');
    const anaJournal = await (
      await context.app.request(`/journal/${tokenOf(lesson1(A), 'journal')}`)
    ).text();
    expect(anaJournal).toContain('BEN-SHARED-ONE');

    // And unticks it: private again, and Ben's side is hidden from her again too.
    expect((await share(String(id), false)).status).toBe(200);
    expect(await bensPages()).not.toContain('ANA-EMAILED-REPLY');
  });

  it('changes only a reply of the page’s own email, and shares nothing once unlinked', async () => {
    deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
    context = await linkedCouple(deps, { email: A }, { email: B });
    await runScheduler(deps, '2026-06-02T09:00:00Z', 30);
    const id = await replyByEmail('ANA-EMAILED-REPLY');
    const sharedNow = async () =>
      (
        await deps.db
          .selectFrom('reflections')
          .select('shared')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).shared;

    // Ben's page cannot share Ana's reply; odd ids are refused without a 500.
    expect((await share(String(id), true, tokenOf(lesson1(B), 'reflect'))).status).toBe(400);
    for (const odd of ['0', '-1', 'x', '1'.repeat(40), '']) {
      expect((await share(odd, true)).status, odd).toBe(400);
    }
    expect(await sharedNow()).toBe(0);

    await context.app.request(`/preferences/${context.aToken}/partner`, form({ action: 'unlink' }));
    const page = await (
      await context.app.request(`/reflect/${tokenOf(lesson1(A), 'reflect')}`)
    ).text();
    expect(page).not.toContain('Share this reply');
    await share(String(id), true);
    expect(await sharedNow()).toBe(0);
  });
});
