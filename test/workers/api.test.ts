import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { newApiKey } from '../../src/api/keys.ts';
import { insertApiKey } from '../../src/db/api-keys.ts';
import { testWorker } from './support.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

const RECEIVER = 'https://hooks.example/tend';

describe('the API and webhooks on Workers', () => {
  it('answers API calls over D1, and delivers a signed webhook through the queue', async () => {
    const tw = testWorker();
    const key = await newApiKey();
    await insertApiKey(tw.deps().db, { name: 'crm', ...key, now: new Date().toISOString() });
    const api = (path: string, init: RequestInit = {}) =>
      tw.fetch(`/api/v1${path}`, {
        ...init,
        headers: {
          authorization: `Bearer ${key.key}`,
          'content-type': 'application/json',
          ...init.headers,
        },
      });

    expect((await tw.fetch('/api/v1/courses')).status).toBe(401);
    const courses = await api('/courses');
    expect(courses.status).toBe(200);
    const { data } = (await courses.json()) as { data: { id: string }[] };
    const course = data[0]?.id ?? '';

    const added = await api('/webhooks', {
      method: 'POST',
      body: JSON.stringify({ url: RECEIVER, events: ['subscriber.created'] }),
    });
    expect(added.status).toBe(201);
    const { secret } = (await added.json()) as { secret: string };

    const signup = await api('/subscribers', {
      method: 'POST',
      body: JSON.stringify({ email: 'wren@example.org', course }),
    });
    expect(signup.status).toBe(202);
    const found = await api('/subscribers?email=wren@example.org');
    const page = (await found.json()) as {
      data: { id: number; enrollments: { status: string }[] }[];
    };
    expect(page.data[0]?.enrollments[0]?.status).toBe('pending');

    // The receiver: every request to it is verified with the standardwebhooks package; the
    // first attempt fails, so the retry must carry the same id.
    const received: { id: string; verified: boolean; body: string }[] = [];
    const realFetch = globalThis.fetch;
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const request = new Request(input as RequestInfo, init as RequestInit);
      if (!request.url.startsWith(RECEIVER)) return realFetch(input, init);
      const body = await request.text();
      let verified = true;
      try {
        new Webhook(secret).verify(body, Object.fromEntries(request.headers));
      } catch {
        verified = false;
      }
      received.push({ id: request.headers.get('webhook-id') ?? '', verified, body });
      return new Response(null, { status: received.length === 1 ? 500 : 204 });
    });

    const now = Date.now();
    await tw.cron(new Date(now));
    expect(tw.queue.jobs.filter((job) => job.kind === 'send-webhooks')).toHaveLength(1);
    await tw.drain();
    expect(received).toHaveLength(1);
    // Due again five seconds later: the next cron enqueues it, the consumer sends it.
    await tw.cron(new Date(now + 6_000));
    await tw.drain();
    expect(received).toHaveLength(2);
    expect(received.every((attempt) => attempt.verified)).toBe(true);
    expect(received[1]?.id).toBe(received[0]?.id);
    expect(JSON.parse(received[1]?.body ?? '{}')).toMatchObject({
      type: 'subscriber.created',
      data: { email: 'wren@example.org', course, confirmed: false },
    });
    const rows = await tw.deps().db.selectFrom('webhook_messages').selectAll().execute();
    expect(rows.map((row) => [row.status, row.attempts])).toEqual([['delivered', 2]]);
  });
});
