import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

/**
 * The confirmation load, in a process of its own: POST /confirm/:token for every token in
 * `--tokens` (a JSON list of {email, token}), `--connections` at a time, as a browser's form
 * post (Sec-Fetch-Site: same-origin, no body). Records when each request started and was
 * answered (Date.now(), the clock the Resend double stamps its requests with) and prints
 * {"confirms":[{email,startedAt,answeredAt,status}]} as one JSON line.
 */
const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    tokens: { type: 'string' },
    connections: { type: 'string', default: '50' },
  },
});
if (!values.url || !values.tokens) {
  console.error('usage: confirm-load --url BASE --tokens FILE [--connections N]');
  process.exit(2);
}
const base = values.url;
const list = JSON.parse(readFileSync(values.tokens, 'utf8')) as { email: string; token: string }[];
const confirms: { email: string; startedAt: number; answeredAt: number; status: number }[] = [];

let next = 0;
async function connection() {
  for (;;) {
    const entry = list[next++];
    if (!entry) return;
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
    confirms.push({
      email: entry.email,
      startedAt,
      answeredAt: Date.now(),
      status: response.status,
    });
  }
}
await Promise.all(Array.from({ length: Number(values.connections) }, connection));
console.log(JSON.stringify({ confirms }));
