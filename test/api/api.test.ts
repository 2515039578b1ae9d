import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeApiKey } from '../../src/db/api-keys.ts';
import { type TestDeps, testDeps } from '../support/deps.ts';
import { startTend } from '../support/tend-server.ts';
import { createKey, type OpenApiDocument, openApiChecker } from './support.ts';

let deps: TestDeps;
let tend: Awaited<ReturnType<typeof startTend>>;
let key: string;
let checker: ReturnType<typeof openApiChecker>;

beforeAll(async () => {
  deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
  tend = await startTend(deps);
  key = await createKey(deps);
  const document = (await (
    await fetch(`${tend.url}/api/v1/openapi.json`)
  ).json()) as OpenApiDocument;
  checker = openApiChecker(document);
});
afterAll(async () => {
  await tend?.close();
  await deps?.close();
});

/** A request to the API, its answer checked against the published document. */
async function api(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  // biome-ignore lint/suspicious/noExplicitAny: each answer is checked against the OpenAPI document first
): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(`${tend.url}/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  await checker.check(method, path.split('?')[0] ?? path, response);
  const text = await response.text();
  return {
    status: response.status,
    body: text ? JSON.parse(text) : null,
    headers: response.headers,
  };
}

/** The person's one enrollment (in the shipped course), with the person's id and name. */
const subscriberRow = (email: string) =>
  deps.db
    .selectFrom('enrollments')
    .innerJoin('subscribers', 'subscribers.id', 'enrollments.subscriber_id')
    .selectAll('enrollments')
    .select(['subscribers.id as id', 'subscribers.name', 'subscribers.email'])
    .where('subscribers.email', '=', email)
    .executeTakeFirst();

describe('the OpenAPI document and the reference page', () => {
  it('is OpenAPI 3.1, public, and describes every route with the key scheme', async () => {
    const response = await fetch(`${tend.url}/api/v1/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as OpenApiDocument & {
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(document.openapi).toBe('3.1.0');
    expect(document.components.securitySchemes.ApiKey).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    expect(checker.operations().sort()).toEqual(
      [
        'DELETE /subscribers/{id}',
        'DELETE /webhooks/{id}',
        'GET /courses',
        'GET /stats',
        'GET /subscribers',
        'GET /subscribers/{id}',
        'GET /webhooks',
        'PATCH /subscribers/{id}/enrollments/{course}',
        'POST /subscribers',
        'POST /subscribers/{id}/enrollments/{course}/unsubscribe',
        'POST /webhooks',
      ].sort(),
    );
  });

  it('serves an interactive reference page', async () => {
    const response = await fetch(`${tend.url}/api/v1/docs`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('/api/v1/openapi.json');
    expect(response.headers.get('content-security-policy')).toContain('cdn.jsdelivr.net');
  });
});

describe('keys', () => {
  it('answers a missing, malformed, unknown or revoked key with the same 401 problem', async () => {
    const revoked = await createKey(deps, 'revoked');
    await revokeApiKey(deps.db, { name: 'revoked' }, deps.clock().toISOString());
    const answers = [];
    for (const authorization of [
      undefined,
      'Basic abc',
      'Bearer ',
      `Bearer ${key.slice(0, -1)}x`,
      `Bearer ${revoked}`,
      `Bearer ${'x'.repeat(5000)}`,
    ]) {
      const response = await fetch(`${tend.url}/api/v1/courses`, {
        headers: authorization ? { authorization } : {},
      });
      await checker.check('GET', '/courses', response);
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(response.headers.get('www-authenticate')).toContain('Bearer');
      answers.push(await response.text());
    }
    expect(new Set(answers).size).toBe(1);
    expect(JSON.parse(answers[0] ?? '')).toMatchObject({ status: 401, title: expect.any(String) });
  });

  it('lets a live key in and notes when it was used', async () => {
    expect((await api('GET', '/courses')).status).toBe(200);
    const row = await deps.db
      .selectFrom('api_keys')
      .selectAll()
      .where('name', '=', 'test')
      .executeTakeFirstOrThrow();
    expect(row.last_used_at).toBe(deps.clock().toISOString());
    expect(row.key_hash).not.toContain(key);
    expect(JSON.stringify(row)).not.toContain(key.slice(5));
  });
});

describe('courses and stats', () => {
  it('lists every course', async () => {
    const { status, body } = await api('GET', '/courses');
    expect(status).toBe(200);
    expect(body.data.map((course: { id: string }) => course.id)).toEqual([deps.course.id]);
    expect(body.data[0].lessons).toBe(deps.course.lessons.length);
    expect(body.next_cursor).toBeNull();
  });

  it('gives the overview and the funnel per course, counts only', async () => {
    const { status, body } = await api('GET', '/stats');
    expect(status).toBe(200);
    expect(body.data[0].course).toBe(deps.course.id);
    expect(body.data[0].funnel.map((row: { key: string }) => row.key)).toContain('lesson:1');
  });
});

describe('subscribers', () => {
  const course = () => deps.course.id;

  it('signs up with double opt-in: a confirmation goes out, and the same answer for a known address', async () => {
    const first = await api('POST', '/subscribers', {
      email: 'ana@example.org',
      course: course(),
      name: 'Ana',
    });
    expect(first.status).toBe(202);
    expect((await subscriberRow('ana@example.org'))?.status).toBe('pending');
    expect(deps.sent.filter((email) => email.to === 'ana@example.org')).toHaveLength(1);
    const again = await api('POST', '/subscribers', {
      email: 'ana@example.org',
      course: course(),
      name: 'Other',
    });
    expect(again).toMatchObject({ status: 202, body: first.body });
    expect((await subscriberRow('ana@example.org'))?.name).toBe('Ana');
  });

  it('records `confirmed: true` as consent given elsewhere and starts the course', async () => {
    const { status } = await api('POST', '/subscribers', {
      email: 'ben@example.org',
      course: course(),
      confirmed: true,
      timezone: 'Europe/Berlin',
      send_time: '07:30',
    });
    expect(status).toBe(202);
    const row = await subscriberRow('ben@example.org');
    expect(row).toMatchObject({ status: 'active', timezone: 'Europe/Berlin', send_time: '07:30' });
    const { body } = await api('GET', `/subscribers/${row?.id}`);
    expect(body.enrollments[0]).toMatchObject({
      course: course(),
      status: 'active',
      consent: 'API key "test"',
    });
    expect(deps.sent.filter((email) => email.to === 'ben@example.org')).toHaveLength(0);
  });

  it('refuses what is not valid with a problem naming the fields', async () => {
    const { status, body, headers } = await api('POST', '/subscribers', {
      email: 'not an address',
      course: 'no-such-course',
    });
    expect(status).toBe(400);
    expect(headers.get('content-type')).toBe('application/problem+json');
    expect(body.errors.map((error: { field: string }) => error.field).sort()).toEqual([
      'course',
      'email',
    ]);
    const shape = await api('POST', '/subscribers', { email: 42 });
    expect(shape.status).toBe(400);
    expect(shape.body.errors.length).toBeGreaterThan(0);
    const broken = await fetch(`${tend.url}/api/v1/subscribers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: '{"email":',
    });
    await checker.check('POST', '/subscribers', broken);
    expect(broken.status).toBe(400);
    const wrongType = await fetch(`${tend.url}/api/v1/subscribers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'text/plain' },
      body: 'email=x',
    });
    await checker.check('POST', '/subscribers', wrongType);
    expect(wrongType.status).toBe(415);
  });

  it('finds by address, lists by cursor, and never shows a token or a reflection', async () => {
    for (const n of [1, 2, 3]) {
      await api('POST', '/subscribers', {
        email: `list${n}@example.org`,
        course: course(),
        confirmed: true,
      });
    }
    const found = await api('GET', '/subscribers?email=LIST2@example.org');
    expect(found.body.data.map((s: { email: string }) => s.email)).toEqual(['list2@example.org']);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const { body } = await api('GET', `/subscribers${query}`);
      seen.push(...body.data.map((s: { email: string }) => s.email));
      cursor = body.next_cursor;
      pages++;
    } while (cursor && pages < 10);
    const all = await deps.db.selectFrom('subscribers').select('email').orderBy('id').execute();
    expect(seen).toEqual(all.map((row) => row.email));
    expect(pages).toBe(Math.ceil(all.length / 2));
    const bad = await api('GET', '/subscribers?cursor=nonsense');
    expect(bad.status).toBe(400);
    const text = JSON.stringify(found.body);
    expect(text).not.toMatch(/token|ciphertext/);
  });

  it('answers 404 as a problem for an unknown subscriber', async () => {
    const { status, body } = await api('GET', '/subscribers/999999');
    expect(status).toBe(404);
    expect(body.status).toBe(404);
    expect((await api('GET', '/subscribers/abc')).status).toBe(400);
  });

  it('changes an enrollment: time, zone, days, discreet, a break and its end', async () => {
    const id = (await subscriberRow('ben@example.org'))?.id;
    const changed = await api('PATCH', `/subscribers/${id}/enrollments/${course()}`, {
      send_time: '19:15',
      timezone: 'America/New_York',
      send_days: [1, 3, 5],
      discreet: true,
    });
    expect(changed.status).toBe(200);
    expect(changed.body.enrollments[0]).toMatchObject({
      send_time: '19:15',
      timezone: 'America/New_York',
      send_days: [1, 3, 5],
      discreet: true,
    });
    const paused = await api('PATCH', `/subscribers/${id}/enrollments/${course()}`, {
      break: { until: '2026-06-20' },
    });
    expect(paused.body.enrollments[0].status).toBe('paused');
    expect(paused.body.enrollments[0].paused_until).toMatch(/^2026-06-20/);
    const resumed = await api('PATCH', `/subscribers/${id}/enrollments/${course()}`, {
      break: false,
    });
    expect(resumed.body.enrollments[0].status).toBe('active');
    const again = await api('PATCH', `/subscribers/${id}/enrollments/${course()}`, {
      break: false,
    });
    expect(again.status).toBe(409);
    const past = await api('PATCH', `/subscribers/${id}/enrollments/${course()}`, {
      break: { until: '2020-01-01' },
    });
    expect(past.status).toBe(400);
    const other = await api('PATCH', `/subscribers/${id}/enrollments/other-course`, {
      discreet: false,
    });
    expect(other.status).toBe(404);
    const badZone = await api('PATCH', `/subscribers/${id}/enrollments/${course()}`, {
      timezone: 'Mars/Olympus',
    });
    expect(badZone.status).toBe(400);
  });

  it('unsubscribes from a course and erases a subscriber for good', async () => {
    const id = (await subscriberRow('list1@example.org'))?.id;
    const stopped = await api('POST', `/subscribers/${id}/enrollments/${course()}/unsubscribe`);
    expect(stopped.status).toBe(200);
    expect(stopped.body.enrollments[0].status).toBe('unsubscribed');
    const erased = await api('DELETE', `/subscribers/${id}`);
    expect(erased.status).toBe(204);
    expect(await subscriberRow('list1@example.org')).toBeUndefined();
    expect((await api('DELETE', `/subscribers/${id}`)).status).toBe(404);
    expect(
      (await api('POST', `/subscribers/${id}/enrollments/${course()}/unsubscribe`)).status,
    ).toBe(404);
  });
});

describe('webhook endpoints through the API', () => {
  it('adds (secret shown once), lists and removes', async () => {
    const created = await api('POST', '/webhooks', {
      url: 'https://crm.example.org/hooks',
      events: ['subscriber.created', 'email.sent'],
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const listed = await api('GET', '/webhooks');
    expect(listed.body.data).toHaveLength(1);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);
    const stored = await deps.db
      .selectFrom('webhook_endpoints')
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(stored.secret_ciphertext).not.toContain(created.body.secret.slice(6));
    expect((await api('POST', '/webhooks', { url: 'ftp://x' })).status).toBe(400);
    expect(
      (await api('POST', '/webhooks', { url: 'https://x.example', events: ['nope'] })).status,
    ).toBe(400);
    expect((await api('DELETE', `/webhooks/${created.body.id}`)).status).toBe(204);
    expect((await api('DELETE', `/webhooks/${created.body.id}`)).status).toBe(404);
  });
});

describe('unknown routes and rate limits', () => {
  it('answers an unknown API path with a problem', async () => {
    const response = await fetch(`${tend.url}/api/v1/nothing-here`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });

  it('every route of the document was exercised', () => {
    expect(checker.checked().sort()).toEqual(checker.operations().sort());
  });
});
