import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

/**
 * The confirmation load, in a process of its own: POST /confirm/:token for every token in
 * `--tokens` (a JSON list of {email, token}), as a browser's form post (Sec-Fetch-Site:
 * same-origin, no body), started at a steady `--rate` a second whatever the answers (people
 * do not wait for each other), so that a slow server shows as latency, not as fewer requests.
 * Records when each request started and was answered (Date.now(), the clock the Resend double
 * stamps its requests with) and prints {"confirms":[{email,startedAt,answeredAt,status}]}.
 */
const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    tokens: { type: 'string' },
    rate: { type: 'string', default: '25' },
  },
});
const rate = Number(values.rate);
if (!values.url || !values.tokens || !(rate > 0)) {
  console.error('usage: confirm-load --url BASE --tokens FILE [--rate PER_SECOND]');
  process.exit(2);
}
const base = values.url;
const list = JSON.parse(readFileSync(values.tokens, 'utf8')) as { email: string; token: string }[];

async function confirm(entry: { email: string; token: string }) {
  const startedAt = Date.now();
  const response = await fetch(`${base}/confirm/${entry.token}`, {
    method: 'POST',
    headers: {
      'sec-fetch-site': 'same-origin',
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: '',
  });
  await response.arrayBuffer();
  return { email: entry.email, startedAt, answeredAt: Date.now(), status: response.status };
}

const started = performance.now();
const pending: Promise<Awaited<ReturnType<typeof confirm>>>[] = [];
for (const [index, entry] of list.entries()) {
  const wait = started + (index * 1000) / rate - performance.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  pending.push(confirm(entry));
}
console.log(JSON.stringify({ confirms: await Promise.all(pending) }));
