import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/db/sqlite.ts';
import { deliveriesByRecipient, tagOf } from '../support/resend-deps.ts';
import { type ResendServer, startResendServer } from '../support/resend-server.ts';
import { readerAddress, seedSubscribers } from '../support/seed.ts';
import { removeDir } from '../support/temp.ts';
import { spawnTick } from '../support/tick-process.ts';

const READERS = 3000;
const KILLS = 22;
const MAX_ROUNDS = 40;
const START = Date.parse('2026-06-01T10:00:00.000Z');
/** Each round runs as if later than the last by more than a claim's lease (10 minutes). */
const ROUND_MS = 11 * 60_000;

let api: ResendServer;
let dir: string;
beforeAll(async () => {
  api = await startResendServer({ keepBodies: false });
  dir = mkdtempSync(join(tmpdir(), 'tend-crash-'));
});
afterAll(async () => {
  if (dir) removeDir(dir);
  await api.close();
});

/** Resolves once the provider has seen `count` more requests, or the process has ended. */
async function requestsOrExit(count: number, exited: () => boolean): Promise<void> {
  const target = api.requests.length + count;
  while (api.requests.length < target && !exited()) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('crash safety', () => {
  it('every due email reaches the provider exactly once though senders are killed mid-run', async () => {
    const dbPath = join(dir, 'tend.db');
    const seeded = await openSqlite(dbPath);
    await seeded.db
      .transaction()
      .execute((trx) => seedSubscribers(trx, READERS, { dueAt: new Date(START).toISOString() }));
    await seeded.close();
    const env = {
      DATABASE_PATH: dbPath,
      SECRET_KEY: 'crash-test-secret-crash-test-secret-0123456789',
      RESEND_API_KEY: 're_test',
      RESEND_BASE_URL: api.url,
      SEND_RATE_LIMIT: '0',
      PUBLIC_URL: 'https://tend.test',
      MAIL_FROM: 'Rebuilding Trust <hello@tend.test>',
      REPLY_DOMAIN: 'reply.tend.test',
      OUTBOX_DIR: join(dir, 'outbox'),
    };

    let kills = 0;
    let round = 0;
    for (; kills < KILLS && round < MAX_ROUNDS; round++) {
      const now = new Date(START + round * ROUND_MS).toISOString();
      // Two senders at once, which also puts concurrent claims to the test (and halves the
      // wall time on two cores). Every fifth round kills at a random moment of starting or
      // planning; the others once the provider has seen calls from this round, a random
      // moment later (so mostly with a batch in flight or just answered).
      const senders = [spawnTick(now, env), spawnTick(now, env)];
      let exited = 0;
      for (const sender of senders) void sender.done.then(() => exited++);
      if (round % 5 === 4) {
        await sleep(300 + Math.random() * 2500);
      } else {
        await requestsOrExit(senders.length, () => exited === senders.length);
        await sleep(Math.random() * 200);
      }
      for (const sender of senders) sender.kill('SIGKILL');
      for (const sender of senders) {
        const { signal, code, output } = await sender.done;
        if (signal === 'SIGKILL') kills++;
        else expect(code, output).toBe(0);
      }
    }

    // Then let senders finish undisturbed until nothing is left.
    for (let settle = 0; settle < 5; settle++, round++) {
      const sender = spawnTick(new Date(START + round * ROUND_MS).toISOString(), env);
      const { code, output } = await sender.done;
      expect(code, output).toBe(0);
      if (/"planned":0,"sent":0,"failed":0,"retried":0/.test(output)) break;
    }

    expect(kills).toBeGreaterThanOrEqual(KILLS);
    const counts = deliveriesByRecipient(api.accepted);
    expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
    expect(api.accepted).toHaveLength(READERS);
    for (let n = 0; n < READERS; n++) expect(counts.get(`${readerAddress(n)} welcome`)).toBe(1);
    expect(api.accepted.every((email) => tagOf(email, 'message') === 'welcome')).toBe(true);

    const check = await openSqlite(dbPath);
    const statuses = await check.db
      .selectFrom('deliveries')
      .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    await check.close();
    expect(statuses).toEqual([{ status: 'sent', n: READERS }]);
  }, 300_000);
});
