import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

/**
 * The signup load generator, in a process of its own: autocannon POSTing the signup form to
 * /subscribe with `connections` connections for `seconds`, every request with an address of
 * its own (setupRequest; autocannon 8's [<id>] body replacement miscounts Content-Length).
 * Prints autocannon's result as one JSON line.
 */
const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    connections: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '10' },
  },
});
const url = values.url;
if (!url) {
  console.error('usage: signup-load --url URL [--connections N] [--seconds S]');
  process.exit(2);
}
const run = randomBytes(4).toString('hex');
let next = 0;
const result = await autocannon({
  url,
  connections: Number(values.connections),
  duration: Number(values.seconds),
  requests: [
    {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: new URL(url).origin,
      },
      setupRequest: (request) => ({
        ...request,
        body: new URLSearchParams({
          // Two courses ship, so the form says which (as the signup page's hidden field does).
          course: 'rebuilding-trust',
          email: `reader-${run}-${next++}@example.com`,
          name: 'Reader',
          role: 'hurt',
          timezone: 'Europe/London',
          send_time: '08:00',
        }).toString(),
      }),
    },
  ],
});
console.log(JSON.stringify(result));
