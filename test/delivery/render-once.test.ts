import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { warmStartVariants } from '../../src/delivery/confirmation-sender.ts';
import { tick } from '../../src/delivery/tick.ts';
import type { TestDeps } from '../support/deps.ts';
import { resendTestDeps } from '../support/resend-deps.ts';
import { type ResendServer, startResendServer } from '../support/resend-server.ts';
import { seedSubscribers } from '../support/seed.ts';

const renders = vi.hoisted(() => ({ count: 0 }));
vi.mock('@react-email/render', async (importOriginal) => {
  const original = await importOriginal<typeof import('@react-email/render')>();
  return {
    ...original,
    render: (...args: Parameters<typeof original.render>) => {
      renders.count++;
      return original.render(...args);
    },
  };
});

let api: ResendServer;
let deps: TestDeps;
beforeEach(async () => {
  api = await startResendServer({ keepBodies: false });
  deps = await resendTestDeps(api, { start: '2026-06-01T10:00:00.000Z' });
});
afterEach(async () => {
  await deps.close();
  await api.close();
});

describe('rendering', () => {
  it('renders each variant once per run, never once per recipient', async () => {
    // 600 readers in three roles: three variants of the welcome, each HTML + plain text.
    await seedSubscribers(deps.db, 600, { dueAt: '2026-06-01T10:00:00.000Z' });
    renders.count = 0;
    expect(await tick(deps, deps.clock())).toMatchObject({ sent: 600 });
    expect(renders.count).toBe(3 * 2);
    expect(api.accepted).toHaveLength(600);
  });

  it('a process warmed at start renders nothing when its first welcomes go out', async () => {
    await warmStartVariants(deps);
    await seedSubscribers(deps.db, 30, { dueAt: '2026-06-01T10:00:00.000Z' });
    renders.count = 0;
    expect(await tick(deps, deps.clock())).toMatchObject({ sent: 30 });
    expect(renders.count).toBe(0);
    expect(api.accepted).toHaveLength(30);
  });
});
