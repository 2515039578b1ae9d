import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { writeBatcher } from '../../src/db/write-batches.ts';
import { type TestDeps, testDeps } from '../support/deps.ts';
import { form } from '../support/flows.ts';
import { confirmationCount, LIMITS_ON, requestFrom } from './support.ts';

let deps: TestDeps;
afterEach(() => deps?.close());

const signup = (email: string, extra: Record<string, string> = {}) =>
  form({ email, role: 'hurt', ...extra });

describe('rate limits of POST /subscribe', () => {
  it('lets a client burst, then answers 429 with Retry-After and a styled page', async () => {
    deps = await testDeps({ env: LIMITS_ON });
    const app = createApp(deps);
    for (let i = 0; i < 3; i++) {
      const ok = await requestFrom(app, '198.51.100.7', '/subscribe', signup(`a${i}@example.com`));
      expect(ok.status).toBe(303);
    }
    const refused = await requestFrom(app, '198.51.100.7', '/subscribe', signup('a4@example.com'));
    expect(refused.status).toBe(429);
    // Two tokens a minute: the next whole one is 30 s away.
    expect(refused.headers.get('retry-after')).toBe('30');
    const html = await refused.text();
    expect(html).toContain('<link rel="stylesheet" href="/assets/site.css"');
    expect(html).toContain('Please wait a moment');
    expect(html).toContain('href="/help"');
    expect(await confirmationCount(deps)).toBe(3);
    expect(deps.sent.map((email) => email.to)).not.toContain('a4@example.com');

    // Another client is not held up by the first.
    const other = await requestFrom(app, '203.0.113.9', '/subscribe', signup('b@example.com'));
    expect(other.status).toBe(303);

    // Waiting as long as Retry-After said is enough.
    deps.clock.advance(30_000);
    const later = await requestFrom(app, '198.51.100.7', '/subscribe', signup('a5@example.com'));
    expect(later.status).toBe(303);
  });

  it('answers a JSON request with JSON', async () => {
    deps = await testDeps({ env: { ...LIMITS_ON, FORM_LIMIT_BURST_PER_CLIENT: '1' } });
    const app = createApp(deps);
    const json = (email: string) => ({
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'https://tend.test' },
      body: JSON.stringify({ email, role: 'hurt' }),
    });
    expect(
      (await requestFrom(app, '198.51.100.7', '/subscribe', json('j1@example.com'))).status,
    ).toBe(202);
    const refused = await requestFrom(app, '198.51.100.7', '/subscribe', json('j2@example.com'));
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(await refused.json()).toEqual({ error: 'rate_limited', retry_after: 30 });
  });

  it('counts an IPv6 /64 as one client', async () => {
    deps = await testDeps({ env: { ...LIMITS_ON, FORM_LIMIT_BURST_PER_CLIENT: '1' } });
    const app = createApp(deps);
    const first = await requestFrom(app, '2001:db8:1:2::1', '/subscribe', signup('v1@example.com'));
    expect(first.status).toBe(303);
    const sameLine = await requestFrom(
      app,
      '2001:db8:1:2:ffff:1:2:3',
      '/subscribe',
      signup('v2@example.com'),
    );
    expect(sameLine.status).toBe(429);
    const otherLine = await requestFrom(
      app,
      '2001:db8:1:3::1',
      '/subscribe',
      signup('v3@example.com'),
    );
    expect(otherLine.status).toBe(303);
  });

  it('holds every client together to the global bucket', async () => {
    deps = await testDeps({ env: LIMITS_ON });
    const app = createApp(deps);
    const answers: number[] = [];
    for (let i = 0; i < 10; i++) {
      const response = await requestFrom(
        app,
        `192.0.2.${i + 1}`,
        '/subscribe',
        signup(`g${i}@example.com`),
      );
      answers.push(response.status);
    }
    expect(answers).toEqual([303, 303, 303, 303, 303, 303, 303, 303, 429, 429]);
    expect(await confirmationCount(deps)).toBe(8);
  });

  it('keeps its buckets in the database, so a second process sees them', async () => {
    deps = await testDeps({ env: { ...LIMITS_ON, FORM_LIMIT_BURST_PER_CLIENT: '1' } });
    const first = createApp(deps);
    const second = createApp(deps);
    expect(
      (await requestFrom(first, '198.51.100.7', '/subscribe', signup('p1@example.com'))).status,
    ).toBe(303);
    expect(
      (await requestFrom(second, '198.51.100.7', '/subscribe', signup('p2@example.com'))).status,
    ).toBe(429);
    const buckets = await deps.db.selectFrom('rate_buckets').select('bucket').execute();
    // Keyed hashes, never the address.
    expect(JSON.stringify(buckets)).not.toContain('198.51.100.7');
  });
});

describe('rate limits with Node’s write batches', () => {
  it('counts every take when the takes of one event-loop turn share a transaction', async () => {
    deps = await testDeps({ env: LIMITS_ON });
    const app = createApp({ ...deps, writeBatcher: writeBatcher(deps.db, setImmediate) });
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        requestFrom(app, '198.51.100.7', '/subscribe', signup(`t${i}@example.com`)),
      ),
    );
    const statuses = answers.map((response) => response.status).sort();
    expect(statuses).toEqual([303, 303, 303, 429, 429, 429, 429, 429, 429, 429]);
    expect(await confirmationCount(deps)).toBe(3);
  });

  it('decides the takes of one turn in the order they came, per client and for everyone', async () => {
    // Three a client at once, five for everyone: the first five the clients let through.
    deps = await testDeps({ env: { ...LIMITS_ON, FORM_LIMIT_BURST_GLOBAL: '5' } });
    const app = createApp({ ...deps, writeBatcher: writeBatcher(deps.db, setImmediate) });
    const clients = ['198.51.100.7', '203.0.113.9', '198.51.100.7', '198.51.100.7'];
    const order = [...clients, '198.51.100.7', '203.0.113.9', '203.0.113.9', '192.0.2.1'];
    const answers = await Promise.all(
      order.map((client, i) => requestFrom(app, client, '/subscribe', signup(`o${i}@example.com`))),
    );
    // 198.51.100.7: o0, o2, o3 through its bucket, o4 refused by it (30 s to its next token);
    // 203.0.113.9: o1, o5, o6; the global bucket's five go to o0 to o3 and o5.
    expect(answers.map((response) => response.status)).toEqual([
      303, 303, 303, 303, 429, 303, 429, 429,
    ]);
    expect(answers[4]?.headers.get('retry-after')).toBe('30');
    // The global bucket refills a token a second (60 a minute).
    expect(answers[6]?.headers.get('retry-after')).toBe('1');
    expect(answers[7]?.headers.get('retry-after')).toBe('1');
    expect(await confirmationCount(deps)).toBe(5);

    // A client refused by its own bucket spent nothing of everyone's: a second later the
    // global bucket has a token for the next client.
    deps.clock.advance(1_000);
    const next = await requestFrom(app, '192.0.2.1', '/subscribe', signup('o8@example.com'));
    expect(next.status).toBe(303);
  });
});

describe('the honeypot field', () => {
  it('answers a filled-in honeypot exactly like a signup, and records and sends nothing', async () => {
    deps = await testDeps();
    const app = createApp(deps);
    const real = await app.request('/subscribe', signup('real@example.com', { website: '' }));
    const trapped = await app.request(
      '/subscribe',
      signup('victim@example.com', { website: 'http://spam.example' }),
    );
    expect(trapped.status).toBe(real.status);
    expect(trapped.headers.get('location')).toBe(real.headers.get('location'));
    expect(await trapped.text()).toBe(await real.text());
    const rows = await deps.db.selectFrom('subscribers').select('email').execute();
    expect(rows.map((row) => row.email)).toEqual(['real@example.com']);
    expect(deps.sent.map((email) => email.to)).toEqual(['real@example.com']);
  });

  it('is on the form, hidden by the stylesheet and labelled for screen readers', async () => {
    deps = await testDeps();
    const app = createApp(deps);
    const html = await (await app.request('/')).text();
    expect(html).toMatch(/<div class="trap"><label for="website">Leave this field empty<\/label>/);
    expect(html).toMatch(
      /<input id="website" name="website" type="text" tabindex="-1" autocomplete="off"/,
    );
    expect(html).not.toContain('style=');
    const css = await (await app.request('/assets/site.css')).text();
    expect(css).toMatch(/\.trap \{ position: absolute; left: -10000px;/);
  });
});
