import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { pauseSending } from '../../src/db/provider-pause.ts';
import { tick } from '../../src/delivery/tick.ts';
import { memoryMailer } from '../../src/mail/memory.ts';
import type { BatchResult, Mailer } from '../../src/mail/message.ts';
import { type TestDeps, testDeps } from '../support/deps.ts';
import { seedSubscribers } from '../support/seed.ts';

// The Node tick plans a batch's worth of subscribers a page and sends while later pages
// are planned, yielding to the event loop between pages (as src/cli/tick.ts and src/node.ts).
const START = '2026-06-01T10:00:00.000Z';
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Call {
  /** Welcomes still to be planned when the call was made, and when it was answered. */
  readonly unplannedAtCall: number;
  unplannedAtAnswer?: number;
}

let deps: TestDeps | undefined;
let reader: SQLite.Database | undefined;
afterEach(async () => {
  reader?.close();
  await deps?.close();
});

/**
 * Deps whose provider answers in a later turn of the event loop (a timer, where the real
 * one waits for a socket), as `answer` says for the n-th call (else accepted), and notes how
 * many welcomes were still to be planned at each call and answer. `count` readers are due.
 */
async function setUp(count: number, answer: (call: number) => BatchResult | null = () => null) {
  const calls: Call[] = [];
  const memory = memoryMailer();
  const mailer: Mailer = {
    name: 'answers-later',
    send: memory.send,
    async sendBatch(emails, key) {
      const call: Call = { unplannedAtCall: unplanned() ?? -1 };
      calls.push(call);
      await new Promise((resolve) => setTimeout(resolve, 1));
      call.unplannedAtAnswer = unplanned();
      return answer(calls.length - 1) ?? memory.sendBatch(emails, key);
    },
  };
  deps = await testDeps({ mailer, start: START });
  const db = deps.db;
  await db.transaction().execute((trx) => seedSubscribers(trx, count, { dueAt: START }));
  // A connection of its own, read while the tick runs.
  reader = new SQLite(deps.dbPath, { readonly: true });
  return { deps, calls };
}

function read<Row>(statement: string): Row[] {
  if (!reader) throw new Error('no reader yet');
  return reader.prepare(statement).all() as Row[];
}

/** Enrollments whose welcome has not been planned yet (seeded at step 0). */
const unplanned = () =>
  read<{ n: number }>('SELECT count(*) AS n FROM enrollments WHERE next_step = 0')[0]?.n;

const rows = () =>
  read<{ status: string; batch_key: string | null; attempts: number }>(
    'SELECT status, batch_key, attempts FROM deliveries',
  );

const recipients = (deps: TestDeps) => deps.sent.map((email) => email.to);

describe('a tick sends while it is still planning', () => {
  it('sends, and hears the answers, while later pages are still being planned', async () => {
    const { deps, calls } = await setUp(3000);
    const report = await tick(deps, deps.clock(), { yieldToLoop: nextTurn });
    expect(report).toMatchObject({ planned: 3000, sent: 3000, failed: 0, retried: 0 });
    // Whole batches, although the sender often found the queue empty and waited for a page.
    expect(calls).toHaveLength(30);
    // Answers came in while pages were still to plan, and the calls after them went out.
    const during = calls.filter((call) => (call.unplannedAtAnswer ?? 0) > 0);
    expect(during.length).toBeGreaterThan(5);
    expect(calls[during.length]?.unplannedAtCall).toBeGreaterThan(0);
    expect(new Set(recipients(deps)).size).toBe(3000);
    expect(rows().every((row) => row.status === 'sent')).toBe(true);
  });

  it('without a yield between pages, no answer gets in before planning ends', async () => {
    // The trap the yield is for: Kysely over better-sqlite3 settles queries as microtasks.
    const { deps, calls } = await setUp(1000);
    expect(await tick(deps, deps.clock())).toMatchObject({ planned: 1000, sent: 1000 });
    expect(calls.every((call) => call.unplannedAtAnswer === 0)).toBe(true);
  });

  it('plans every page while the provider is paused, and sends nothing', async () => {
    const { deps, calls } = await setUp(1200);
    const until = '2026-06-01T11:00:00.000Z';
    await pauseSending(deps.db, { until, reason: 'quota', now: START });
    const report = await tick(deps, deps.clock(), { yieldToLoop: nextTurn });
    expect(report).toMatchObject({ planned: 1200, sent: 0 });
    expect(report.pausedUntil?.toISOString()).toBe(until);
    expect(calls).toHaveLength(0);
    expect(unplanned()).toBe(0);
    expect(rows().filter((row) => row.status === 'queued')).toHaveLength(1200);
  });

  it('a run throttled mid-planning still plans everyone, and the next run sends the rest', async () => {
    const { deps, calls } = await setUp(1500, (call) =>
      call === 0
        ? { ok: false, failure: { kind: 'retryable', reason: 'slow down', retryAfterMs: 1000 } }
        : null,
    );
    const first = await tick(deps, deps.clock(), { yieldToLoop: nextTurn });
    expect(calls[0]?.unplannedAtAnswer).toBeGreaterThan(0);
    expect(first).toMatchObject({ planned: 1500, sent: 0, retried: 100 });
    expect(calls).toHaveLength(1);
    expect(unplanned()).toBe(0);
    // The batch composed during the throttled call was given back: nothing waits for a lease.
    expect(rows().filter((row) => row.status === 'sending')).toHaveLength(0);
    expect(rows().filter((row) => row.batch_key !== null && row.attempts === 0)).toHaveLength(100);

    deps.clock.advance(60_000);
    const second = await tick(deps, deps.clock(), { yieldToLoop: nextTurn });
    expect(second).toMatchObject({ planned: 0, sent: 1500 });
    expect(recipients(deps)).toHaveLength(1500);
    expect(new Set(recipients(deps)).size).toBe(1500);
  });

  it('a pass whose planning fails still sends what it queued, then fails', async () => {
    const { deps } = await setUp(1200);
    // Writing the eleventh page's deliveries fails; the first ten pages are written.
    const first = read<{ id: number }>('SELECT min(id) AS id FROM enrollments')[0]?.id ?? 0;
    const writer = new SQLite(deps.dbPath);
    writer.exec(`CREATE TRIGGER fail_a_page BEFORE INSERT ON deliveries
      WHEN NEW.enrollment_id = ${first + 1000}
      BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`);
    writer.close();
    await expect(tick(deps, deps.clock(), { yieldToLoop: nextTurn })).rejects.toThrow(
      'disk on fire',
    );
    expect(unplanned()).toBe(200);
    expect(recipients(deps)).toHaveLength(1000);
    expect(rows().filter((row) => row.status === 'sent')).toHaveLength(1000);
  });
});
