import { afterAll, beforeAll, expect, it } from 'vitest';
import { type TestDeps, testDeps } from '../support/deps.ts';
import { startTend } from '../support/tend-server.ts';
import { createKey } from './support.ts';

let deps: TestDeps;
let tend: Awaited<ReturnType<typeof startTend>>;
beforeAll(async () => {
  deps = await testDeps({
    start: '2026-06-01T10:00:00Z',
    env: { API_LIMIT_PER_KEY: '60', API_LIMIT_BURST_PER_KEY: '3' },
  });
  tend = await startTend(deps);
});
afterAll(async () => {
  await tend?.close();
  await deps?.close();
});

const get = (key: string) =>
  fetch(`${tend.url}/api/v1/courses`, { headers: { authorization: `Bearer ${key}` } });

it('limits each key on its own, says when to retry, and refills with time', async () => {
  const busy = await createKey(deps, 'busy');
  const calm = await createKey(deps, 'calm');
  const statuses = [];
  for (let i = 0; i < 4; i++) statuses.push((await get(busy)).status);
  expect(statuses).toEqual([200, 200, 200, 429]);
  const refused = await get(busy);
  expect(refused.status).toBe(429);
  expect(refused.headers.get('content-type')).toBe('application/problem+json');
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect((await refused.json()).status).toBe(429);
  expect((await get(calm)).status).toBe(200);
  deps.clock.advance(1_000);
  expect((await get(busy)).status).toBe(200);
});
