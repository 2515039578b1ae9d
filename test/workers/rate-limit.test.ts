import { describe, expect, it } from 'vitest';
import { outboxTo, signupForm, testWorker } from './support.ts';

const LIMITS = {
  FORM_LIMIT_PER_CLIENT: '1',
  FORM_LIMIT_BURST_PER_CLIENT: '2',
  FORM_LIMIT_GLOBAL: '1',
  FORM_LIMIT_BURST_GLOBAL: '4',
};

const from = (ip: string) => ({ 'cf-connecting-ip': ip });
const signup = (email: string, ip: string, extra: Record<string, string> = {}) =>
  signupForm({ email, role: 'hurt', ...extra }, from(ip));

describe('rate limits on Workers (buckets in D1)', () => {
  it('limits each client by CF-Connecting-IP and everyone together', async () => {
    const tw = testWorker(LIMITS);
    const status = async (email: string, ip: string) =>
      (await tw.fetch('/subscribe', { ...signup(email, ip), redirect: 'manual' })).status;

    expect(await status('w1@example.com', '198.51.100.1')).toBe(303);
    expect(await status('w2@example.com', '198.51.100.1')).toBe(303);
    const refused = await tw.fetch('/subscribe', {
      ...signup('w3@example.com', '198.51.100.1'),
      redirect: 'manual',
    });
    expect(refused.status).toBe(429);
    // One token a minute, and the bucket is empty: up to a minute to wait.
    const wait = Number(refused.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(50);
    expect(wait).toBeLessThanOrEqual(60);
    expect(await refused.text()).toContain('Please wait a moment');
    expect(await outboxTo(tw.deps(), 'w3@example.com')).toHaveLength(0);

    // Another address has its own bucket, until the global one (4) runs dry.
    expect(await status('w4@example.com', '203.0.113.1')).toBe(303);
    expect(await status('w5@example.com', '203.0.113.2')).toBe(303);
    expect(await status('w6@example.com', '203.0.113.3')).toBe(429);

    const buckets = await tw.deps().db.selectFrom('rate_buckets').selectAll().execute();
    expect(buckets.length).toBeGreaterThanOrEqual(4);
    expect(JSON.stringify(buckets)).not.toContain('198.51.100.1');
  });

  it('answers a filled-in honeypot like a signup and sends nothing', async () => {
    const tw = testWorker();
    const trapped = await tw.fetch('/subscribe', {
      ...signup('bot-target@example.com', '192.0.2.1', { website: 'x' }),
      redirect: 'manual',
    });
    expect(trapped.status).toBe(303);
    expect(trapped.headers.get('location')).toBe('/check-your-inbox');
    const rows = await tw
      .deps()
      .db.selectFrom('subscribers')
      .select('id')
      .where('email', '=', 'bot-target@example.com')
      .execute();
    expect(rows).toHaveLength(0);
    expect(await outboxTo(tw.deps(), 'bot-target@example.com')).toHaveLength(0);
  });

  it('keeps one subscriber and one confirmation for case variants', async () => {
    const tw = testWorker();
    for (const email of ['Lee@example.com', 'lee@example.com', 'LEE@example.com']) {
      const response = await tw.fetch('/subscribe', {
        ...signup(email, '192.0.2.2'),
        redirect: 'manual',
      });
      expect(response.status).toBe(303);
    }
    const rows = await tw
      .deps()
      .db.selectFrom('subscribers')
      .select('email')
      .where('email', 'like', 'lee@example.com')
      .execute();
    expect(rows).toEqual([{ email: 'Lee@example.com' }]);
    expect(await outboxTo(tw.deps(), 'Lee@example.com')).toHaveLength(1);
  });
});
