import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import type { Deps } from '../../src/deps.ts';
import { resendInbound } from '../../src/mail/resend-inbound.ts';
import { MAX_ACKNOWLEDGEMENTS_PER_DAY, TRUNCATION_NOTE } from '../../src/reflections/inbound.ts';
import { journalOf } from '../../src/reflections/journal.ts';
import { MAX_INPUT_CHARS } from '../../src/reflections/reply-text.ts';
import type { TestDeps } from '../support/deps.ts';
import { emailsTo, messageOf, runScheduler, subscribeAndConfirm } from '../support/flows.ts';
import { resendTestDeps, tagOf } from '../support/resend-deps.ts';
import {
  type ReceivedEmailInput,
  type ResendServer,
  startResendServer,
} from '../support/resend-server.ts';
import { svixHeaders, webhookSecret } from '../support/svix.ts';

/**
 * Mail loops cannot start (issue 15): only replies to an email that asks for a reflection are
 * stored and answered; automatic mail is ignored; acknowledgements are capped, marked
 * Auto-Submitted, and their Reply-To leads nowhere. Everything goes through the signed
 * webhook, the receiving API of the Resend double and the real SDK.
 */
const SECRET = webhookSecret();
const READER = 'reader@example.com';
const FROM = `Reader <${READER}>`;
let api: ResendServer;
let deps: TestDeps;
let app: ReturnType<typeof createApp>;
let sequence = 0;

beforeEach(async () => {
  api = await startResendServer();
  deps = await resendTestDeps(api, {
    start: '2026-06-01T10:00:00Z',
    env: { RESEND_WEBHOOK_SECRET: SECRET },
  });
  const withInbound: Deps = {
    ...deps,
    inbound: resendInbound({ apiKey: 're_test', baseUrl: api.url }),
  };
  app = createApp(withInbound);
  await subscribeAndConfirm(deps, { email: READER, role: 'hurt' }, app);
  await runScheduler(deps, '2026-06-02T09:00:00Z', 30);
});
afterEach(async () => {
  await deps.close();
  await api.close();
});

/** The Reply-To of the last email of this kind the reader got. */
function replyToOf(message: string): string {
  const email = emailsTo(deps, READER).findLast((e) => messageOf(e) === message);
  if (!email?.replyTo) throw new Error(`no ${message} email with a Reply-To`);
  return email.replyTo;
}

/** Posts the signed `email.received` webhook for a received email; returns its outcome. */
async function receive(email: Omit<ReceivedEmailInput, 'id' | 'from'> & { from?: string }) {
  const id = `in-${++sequence}`;
  const payload = api.receive({ id, from: FROM, ...email });
  const response = await app.request('/webhooks/resend', {
    method: 'POST',
    headers: svixHeaders(SECRET, `msg_${id}`, payload),
    body: payload,
  });
  expect(response.status).toBe(200);
  const line = deps.log.lines.findLast((l) => l.includes('webhook.event'));
  return /"outcome":"([^"]+)"/.exec(line ?? '')?.[1];
}

async function storedTexts(): Promise<string[]> {
  const sections = await journalOf(deps, { id: 1, role: 'hurt', courseId: deps.course.id });
  return sections.flatMap((section) => section.entries.map((entry) => entry.text));
}

const acknowledgements = () => api.accepted.filter((e) => tagOf(e, 'message') === 'saved');

describe('replies that start no loop', () => {
  it('an acknowledgement is marked Auto-Submitted and its Reply-To holds no token', async () => {
    expect(await receive({ to: [replyToOf('lesson_1')], text: 'My answer.' })).toBe('reply-stored');
    const [ack] = acknowledgements();
    expect(ack?.headers['Auto-Submitted']).toBe('auto-replied');
    expect(ack?.replyTo).toEqual(['noreply@reply.tend.test']);
  });

  it('a reply to an acknowledgement is not stored and not answered', async () => {
    await receive({ to: [replyToOf('lesson_1')], text: 'My answer.' });
    const ackReplyTo = acknowledgements()[0]?.replyTo[0] ?? '';
    expect(await receive({ to: [ackReplyTo], text: 'Thanks for saving it!' })).toBe(
      'reply-not-a-reply',
    );
    expect(await storedTexts()).toEqual(['My answer.']);
    expect(acknowledgements()).toHaveLength(1);
  });

  it("a reply to an acknowledgement's own token (older mail, a forward) is dropped too", async () => {
    await receive({ to: [replyToOf('lesson_1')], text: 'My answer.' });
    const ack = emailsTo(deps, READER).find((e) => messageOf(e) === 'saved');
    const token = /\/journal\/([a-z2-7]+)/.exec(ack?.text ?? '')?.[1];
    expect(token).toBeDefined();
    // A journal link's token is no reply token: it matches nobody's Reply-To.
    const outcome = await receive({ to: [`reply+${token}@reply.tend.test`], text: 'Again.' });
    expect(outcome).toBe('reply-unknown-token');
    expect(await storedTexts()).toEqual(['My answer.']);
    expect(acknowledgements()).toHaveLength(1);
    const journal = await app.request(`/journal/${token}`);
    expect(await journal.text()).not.toContain('saved:');
  });

  it('a reply to the welcome email, which asks nothing, is not stored or answered', async () => {
    expect(await receive({ to: [replyToOf('welcome')], text: 'Hello!' })).toBe('reply-no-prompt');
    expect(await storedTexts()).toEqual([]);
    expect(acknowledgements()).toHaveLength(0);
  });

  it.each([
    ['Auto-Submitted: auto-replied', { headers: { 'Auto-Submitted': 'auto-replied' } }],
    ['auto-submitted: auto-generated', { headers: { 'auto-submitted': 'auto-generated' } }],
    ['Precedence: bulk', { headers: { Precedence: 'bulk' } }],
    ['Precedence: junk', { headers: { Precedence: 'junk' } }],
    ['Precedence: list', { headers: { Precedence: 'list' } }],
    ['Precedence: auto_reply', { headers: { Precedence: 'auto_reply' } }],
    ['X-Autoreply', { headers: { 'X-Autoreply': 'yes' } }],
    ['X-Autorespond', { headers: { 'X-Autorespond': 'Out of office' } }],
    ['"Out of Office" subject', { subject: 'Out of Office: Step 1 of 10' }],
    ['"Automatic reply" subject', { subject: 'Automatic reply: Step 1 of 10' }],
    ['"Abwesenheitsnotiz" subject', { subject: 'Abwesenheitsnotiz: Schritt 1' }],
    ['"Réponse automatique" subject', { subject: 'Réponse automatique : Étape 1' }],
    ['"Respuesta automática" subject', { subject: 'Respuesta automática: Paso 1' }],
    ['"Auto:" subject', { subject: 'Auto: I am away until Monday' }],
  ])('an automatic reply (%s) is ignored', async (_, extra) => {
    const outcome = await receive({
      to: [replyToOf('lesson_1')],
      text: 'I am out of the office until Monday.',
      ...extra,
    });
    expect(outcome).toBe('reply-auto-reply');
    expect(await storedTexts()).toEqual([]);
    expect(acknowledgements()).toHaveLength(0);
  });

  it('a person\'s reply that says Auto-Submitted: no, or mentions "out of office" later, is kept', async () => {
    const to = [replyToOf('lesson_1')];
    await receive({ to, text: 'First.', headers: { 'Auto-Submitted': 'no' } });
    await receive({ to, text: 'Second.', subject: 'Re: Step 1 (written out of office)' });
    expect(await storedTexts()).toEqual(['First.', 'Second.']);
  });

  it(`acknowledges at most ${MAX_ACKNOWLEDGEMENTS_PER_DAY} replies a day, and stores them all`, async () => {
    const to = [replyToOf('lesson_1')];
    for (const n of [1, 2, 3, 4, 5]) await receive({ to, text: `Reply ${n}.` });
    expect(await storedTexts()).toHaveLength(5);
    expect(acknowledgements()).toHaveLength(MAX_ACKNOWLEDGEMENTS_PER_DAY);
    deps.clock.advance(24 * 60 * 60 * 1000 + 60_000);
    await receive({ to, text: 'A day later.' });
    expect(acknowledgements()).toHaveLength(MAX_ACKNOWLEDGEMENTS_PER_DAY + 1);
  });

  it('a reply longer than the caps is stored cut, with a note saying so', async () => {
    const long = `${'I have a lot to say about this. '.repeat(MAX_INPUT_CHARS / 16)}`;
    expect(await receive({ to: [replyToOf('lesson_1')], text: long })).toBe('reply-stored');
    const [text] = await storedTexts();
    expect(text?.startsWith('I have a lot to say about this.')).toBe(true);
    expect(text?.endsWith(TRUNCATION_NOTE)).toBe(true);
    expect(text?.length).toBeLessThanOrEqual(20_000);
  });
});
