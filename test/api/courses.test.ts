import { afterAll, beforeAll, expect, it } from 'vitest';
import { courseCatalog } from '../../src/course/courses.ts';
import { readCourses } from '../../src/node/deps.ts';
import { type TestDeps, testDeps } from '../support/deps.ts';
import { startTend } from '../support/tend-server.ts';
import { createKey } from './support.ts';

let deps: TestDeps;
let tend: Awaited<ReturnType<typeof startTend>>;
let key: string;
beforeAll(async () => {
  const trust = readCourses().of('rebuilding-trust');
  const second = { ...trust, id: 'weekly-notes', title: 'Weekly notes', roles: [] };
  deps = await testDeps({ start: '2026-06-01T10:00:00Z', courses: courseCatalog([trust, second]) });
  tend = await startTend(deps);
  key = await createKey(deps);
});
afterAll(async () => {
  await tend?.close();
  await deps?.close();
});

const api = (path: string, body?: unknown) =>
  fetch(`${tend.url}/api/v1${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

it('lists every course with its own roles, and enrols in the one named', async () => {
  const { data } = await (await api('/courses')).json();
  expect(data.map((course: { id: string }) => course.id)).toEqual([
    'rebuilding-trust',
    'weekly-notes',
  ]);
  expect(data[1].roles).toEqual([]);
  expect(data[0].roles.length).toBeGreaterThan(0);

  expect(
    (await api('/subscribers', { email: 'a@example.org', course: 'weekly-notes' })).status,
  ).toBe(202);
  const row = await deps.db
    .selectFrom('enrollments')
    .innerJoin('subscribers', 'subscribers.id', 'enrollments.subscriber_id')
    .select(['enrollments.course_id'])
    .where('subscribers.email', '=', 'a@example.org')
    .executeTakeFirstOrThrow();
  expect(row.course_id).toBe('weekly-notes');
  // A role the course does not have.
  const refused = await api('/subscribers', {
    email: 'b@example.org',
    course: 'weekly-notes',
    role: data[0].roles[0].id,
  });
  expect(refused.status).toBe(400);
  expect((await refused.json()).errors[0].field).toBe('role');

  const stats = await (await api('/stats')).json();
  expect(stats.data.map((s: { course: string }) => s.course)).toEqual([
    'rebuilding-trust',
    'weekly-notes',
  ]);
  expect(stats.data[1].subscribers.pending).toBe(1);
  expect(stats.data[0].subscribers.pending).toBe(0);
});

const call = (method: string, path: string, body?: unknown) =>
  fetch(`${tend.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

it('shows one person with an enrollment per course, each changed and stopped on its own', async () => {
  for (const course of ['rebuilding-trust', 'weekly-notes']) {
    const answer = await call('POST', '/subscribers', {
      email: 'two@example.org',
      course,
      confirmed: true,
    });
    expect(answer.status).toBe(202);
  }
  const found = await (await call('GET', '/subscribers?email=two@example.org')).json();
  expect(found.data).toHaveLength(1);
  const person = found.data[0];
  expect(
    person.enrollments.map((e: { course: string; status: string }) => [e.course, e.status]),
  ).toEqual([
    ['rebuilding-trust', 'active'],
    ['weekly-notes', 'active'],
  ]);
  const changed = await (
    await call('PATCH', `/subscribers/${person.id}/enrollments/weekly-notes`, {
      send_time: '21:00',
    })
  ).json();
  expect(changed.enrollments.map((e: { send_time: string }) => e.send_time)).toEqual([
    '08:00',
    '21:00',
  ]);
  const stopped = await (
    await call('POST', `/subscribers/${person.id}/enrollments/weekly-notes/unsubscribe`)
  ).json();
  expect(stopped.enrollments.map((e: { status: string }) => e.status)).toEqual([
    'active',
    'unsubscribed',
  ]);
  expect(stopped.enrollments[1].consent).toBe('API key "test"');
  // A course the person is not in.
  const other = await call('GET', `/subscribers/${person.id}`);
  expect(other.status).toBe(200);
  const missing = await call('PATCH', `/subscribers/${person.id}/enrollments/no-such-course`, {
    discreet: true,
  });
  expect(missing.status).toBe(404);
});
