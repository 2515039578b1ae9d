import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import type { Deps } from '../../src/deps.ts';
import { resendInbound } from '../../src/mail/resend-inbound.ts';
import { journalOf } from '../../src/reflections/journal.ts';
import { replyCorpus } from '../fixtures/replies/corpus.ts';
import type { TestDeps } from '../support/deps.ts';
import { emailsTo, messageOf, runScheduler, subscribeAndConfirm } from '../support/flows.ts';
import { resendTestDeps } from '../support/resend-deps.ts';
import { type ResendServer, startResendServer } from '../support/resend-server.ts';
import { svixHeaders, webhookSecret } from '../support/svix.ts';

/**
 * Replies arrive as Resend delivers them: a signed `email.received` webhook with metadata
 * only, then Tend fetches the body from the receiving API (here the local double, through
 * the real SDK), keeps only the subscriber's words and files them in the journal.
 */
const SECRET = webhookSecret();
const READER = 'reader@example.com';
let api: ResendServer;
let deps: TestDeps;
let app: ReturnType<typeof createApp>;
let replyTo = '';
let sequence = 0;

beforeAll(async () => {
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
  await runScheduler(deps, '2026-06-03T09:00:00Z', 30);
  const lesson = emailsTo(deps, READER).find((email) => messageOf(email) === 'lesson_2');
  replyTo = lesson?.replyTo ?? '';
});
afterAll(async () => {
  await deps.close();
  await api.close();
});

/** Serves a received email and posts its signed webhook; returns the HTTP status. */
async function receive(
  emailId: string,
  body: { text?: string; html?: string },
  options: { from?: string; to?: string; secret?: string; svixId?: string } = {},
) {
  const from = options.from ?? `Reader <${READER}>`;
  const to = options.to ?? replyTo;
  api.receiving.set(emailId, {
    id: emailId,
    from,
    to: [to],
    subject: 'Re: Step 2 of 10',
    created_at: '2026-06-03T10:00:00.000Z',
    text: body.text ?? null,
    html: body.html ?? null,
    headers: {},
    attachments: [],
  });
  const payload = JSON.stringify({
    type: 'email.received',
    created_at: '2026-06-03T10:00:01.000Z',
    data: { email_id: emailId, from, to: [to], subject: 'Re: Step 2 of 10' },
  });
  const id = options.svixId ?? `msg_in_${++sequence}`;
  const response = await app.request('/webhooks/resend', {
    method: 'POST',
    headers: svixHeaders(options.secret ?? SECRET, id, payload),
    body: payload,
  });
  return response.status;
}

async function entriesFor(emailIdPrefix: string) {
  const rows = await deps.db
    .selectFrom('reflections')
    .select(['id', 'inbound_id'])
    .where('inbound_id', 'like', `${emailIdPrefix}%`)
    .execute();
  const ids = new Set(rows.map((row) => row.id));
  const sections = await journalOf(deps, { id: 1, role: 'hurt', courseId: deps.course.id });
  return sections.flatMap((s) => s.entries).filter((entry) => ids.has(entry.id));
}

describe('replies through the signed webhook and the receiving API', () => {
  it('has a realistic corpus', () => {
    expect(replyCorpus.length).toBeGreaterThanOrEqual(15);
  });

  it.each(replyCorpus.map((fixture, index) => [fixture.name, fixture, index] as const))(
    'stores exactly what the subscriber wrote: %s',
    async (_, fixture, index) => {
      const emailId = `corpus-${index}`;
      const body = {
        ...(fixture.text !== undefined ? { text: fixture.text } : {}),
        ...(fixture.html !== undefined ? { html: fixture.html } : {}),
      };
      expect(await receive(emailId, body)).toBe(200);
      const entries = await entriesFor(emailId);
      if (fixture.expected === '') {
        expect(entries).toEqual([]);
      } else {
        expect(entries.map((entry) => entry.text)).toEqual([fixture.expected]);
      }
    },
  );

  it('files a reply under the lesson it answers, and acknowledges it', async () => {
    await receive('placed-1', { text: 'Placed under lesson two.' });
    const sections = await journalOf(deps, { id: 1, role: 'hurt', courseId: deps.course.id });
    const section = sections.find((s) =>
      s.entries.some((e) => e.text === 'Placed under lesson two.'),
    );
    expect(section?.messageKey).toBe('lesson:2');
    const acks = api.accepted.filter((email) => email.tags.some((t) => t.value === 'saved'));
    expect(acks.length).toBeGreaterThan(0);
  });

  it('a redelivered event stores the reply once', async () => {
    expect(
      await receive('replayed', { text: 'Only once, please.' }, { svixId: 'msg_replay' }),
    ).toBe(200);
    expect(
      await receive('replayed', { text: 'Only once, please.' }, { svixId: 'msg_replay' }),
    ).toBe(200);
    expect(await entriesFor('replayed')).toHaveLength(1);
  });

  it('a forged signature gets 401 and stores nothing', async () => {
    expect(await receive('forged', { text: 'Forged.' }, { secret: webhookSecret() })).toBe(401);
    expect(await entriesFor('forged')).toHaveLength(0);
  });

  it('a reply from someone else, or to an unknown address, is not stored', async () => {
    expect(await receive('stranger', { text: 'Not mine.' }, { from: 'x@evil.test' })).toBe(200);
    expect(
      await receive(
        'unknown',
        { text: 'Nobody.' },
        { to: `reply+${'a'.repeat(52)}@reply.tend.test` },
      ),
    ).toBe(200);
    expect(await entriesFor('stranger')).toHaveLength(0);
    expect(await entriesFor('unknown')).toHaveLength(0);
  });

  it('keeps no reflection text in the logs', async () => {
    await receive('logged', { text: 'A sentence that must never reach a log.' });
    expect(deps.log.lines.join('\n')).not.toContain('must never reach a log');
    expect(deps.log.lines.join('\n')).not.toContain(replyTo.slice(6, 40));
  });
});
