import { parseArgs } from 'node:util';
import { EmailComposer } from '../../src/mail/compose.ts';
import { toPayload } from '../../src/mail/resend-wire.ts';
import { readCourses } from '../../src/node/deps.ts';
import { emailTokens } from '../../src/tokens/links.ts';
import { newTokenId, TokenSigner } from '../../src/tokens/token.ts';

/**
 * The daily run's baseline, in a process of its own: a plain loop that POSTs pre-built
 * batches of 100 lesson emails (the same emails a tick sends, built before the clock starts)
 * to the Resend double, `concurrency` requests at a time, each under its own Idempotency-Key.
 * Prints {"emails","seconds"} for the loop alone.
 */
const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    emails: { type: 'string' },
    concurrency: { type: 'string', default: '1' },
  },
});
const url = values.url;
const total = Number(values.emails);
const concurrency = Number(values.concurrency);
if (!url || !(total > 0) || !(concurrency > 0)) {
  console.error('usage: post-batches --url URL --emails N [--concurrency C]');
  process.exit(2);
}

const BATCH = 100;
const DISTINCT = 10;
const course = readCourses().of('rebuilding-trust');
const composer = new EmailComposer({
  course,
  publicUrl: 'https://tend.example',
  mailFrom: 'Tend <tend@tend.example>',
  replyDomain: 'reply.tend.example',
});
const signer = new TokenSigner('bench-secret-bench-secret-bench-secret-0123');
const roles = ['broke', 'hurt', 'together'] as const;
const bodies: string[] = [];
for (let b = 0; b < DISTINCT; b++) {
  const emails = [];
  for (let i = 0; i < BATCH; i++) {
    const n = b * BATCH + i;
    const tokenId = newTokenId();
    const email = await composer.compose({
      subscriber: {
        email: `reader${n}@example.com`,
        name: `Reader ${n}`,
        role: roles[n % roles.length] ?? 'hurt',
        discreet: false,
      },
      delivery: { id: n + 1, messageKey: 'lesson:1', tokenId: tokenId },
      tokens: await emailTokens(signer, { messageKey: 'lesson:1', tokenId: tokenId }),
    });
    const { replyTo, ...rest } = toPayload(email);
    emails.push({ ...rest, ...(replyTo ? { reply_to: replyTo } : {}) });
  }
  bodies.push(JSON.stringify(emails));
}

let next = 0;
const batches = Math.ceil(total / BATCH);
async function worker() {
  for (;;) {
    const index = next++;
    if (index >= batches) return;
    const response = await fetch(`${url}/emails/batch`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer re_bench',
        'content-type': 'application/json',
        'idempotency-key': `bench-baseline-${process.pid}-${index}`,
        'x-batch-validation': 'permissive',
      },
      body: bodies[index % DISTINCT],
    });
    const answer = (await response.json()) as { data?: unknown[] };
    if (response.status !== 200 || answer.data?.length !== BATCH) {
      throw new Error(`batch ${index}: ${response.status} ${JSON.stringify(answer).slice(0, 200)}`);
    }
  }
}

const started = performance.now();
await Promise.all(Array.from({ length: concurrency }, worker));
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ emails: batches * BATCH, seconds }));
