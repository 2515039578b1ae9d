import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { nodeDeps } from '../../src/node/deps.ts';
import { emitEvents } from '../../src/outgoing/emit.ts';
import { addWebhookEndpoint } from '../../src/outgoing/endpoints.ts';
import { LEASE_MS } from '../../src/outgoing/send.ts';
import { removeDir } from '../support/temp.ts';
import { spawnTick } from '../support/tick-process.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

const EVENTS = 60;
const KILLS = 3;
const START = Date.parse('2026-06-01T10:00:00.000Z');
/** Each round runs as if later than the last by more than a claim's lease. */
const ROUND_MS = LEASE_MS + 60_000;

let dir: string;
let receiver: WebhookReceiver;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tend-webhook-crash-'));
  // Acts on a request, then takes a moment to answer: a sender killed in that moment never
  // hears that it was delivered, and sends it again under the same id.
  receiver = await startWebhookReceiver(() => 200, { verify: 'signature', delayMs: 40 });
});
afterAll(async () => {
  await receiver?.close();
  if (dir) removeDir(dir);
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('a sender killed mid-delivery loses nothing and duplicates only by id', async () => {
  const env = {
    DATABASE_PATH: join(dir, 'tend.db'),
    OUTBOX_DIR: join(dir, 'outbox'),
    SECRET_KEY: 'webhook-crash-secret-webhook-crash-secret-0123',
    PUBLIC_URL: 'https://tend.test',
  };
  const seeding = await nodeDeps(env, { clock: () => new Date(START) });
  const { secret } = await addWebhookEndpoint(seeding.deps, receiver.url, null);
  receiver.secret = secret;
  await emitEvents(
    seeding.deps,
    Array.from({ length: EVENTS }, (_, n) => ({
      type: 'enrollment.completed' as const,
      data: { subscriber_id: n + 1, course: 'rebuilding-trust' },
    })),
  );
  const ids = (await seeding.deps.db.selectFrom('webhook_messages').select('id').execute()).map(
    (row) => row.id,
  );
  await seeding.close();
  expect(ids).toHaveLength(EVENTS);

  let kills = 0;
  let round = 0;
  for (; kills < KILLS && round < 20; round++) {
    const now = new Date(START + round * ROUND_MS).toISOString();
    const seen = receiver.attempts.length;
    const sender = spawnTick(now, env);
    let exited = false;
    void sender.done.then(() => {
      exited = true;
    });
    while (receiver.attempts.length === seen && !exited) await sleep(5);
    await sleep(Math.random() * 60);
    sender.kill('SIGKILL');
    const { signal } = await sender.done;
    if (signal === 'SIGKILL') kills++;
  }
  expect(kills).toBe(KILLS);

  // Undisturbed passes finish the job.
  for (let extra = 0; extra < 2; extra++, round++) {
    const { code, output } = await spawnTick(new Date(START + round * ROUND_MS).toISOString(), env)
      .done;
    expect(code, output).toBe(0);
  }

  const check = await nodeDeps(env);
  const rows = await check.deps.db.selectFrom('webhook_messages').selectAll().execute();
  await check.close();
  expect(rows.filter((row) => row.status !== 'delivered')).toEqual([]);
  // Nothing lost: every event was acted on; nothing duplicated beyond a same-id retry.
  expect([...receiver.acted.keys()].sort()).toEqual([...ids].sort());
  expect(receiver.attempts.every((attempt) => attempt.verified && ids.includes(attempt.id))).toBe(
    true,
  );
  expect(receiver.attempts.length).toBeGreaterThan(EVENTS);
  // Each `tend tick` process takes seconds to start on a busy machine.
}, 300_000);
