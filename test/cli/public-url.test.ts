import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type TestDeps, testDeps } from '../support/deps.ts';
import { subscribeAndConfirm } from '../support/flows.ts';
import { cliEnv, tend } from './support.ts';

let deps: TestDeps;
afterEach(() => deps.close());

/** The text of every email in an outbox folder. */
const outboxText = (env: Record<string, string>) => {
  const dir = env.OUTBOX_DIR ?? '';
  return readdirSync(dir).map((name) => readFileSync(join(dir, name), 'utf8'));
};

describe('the address in links sent by a command', () => {
  it('without PUBLIC_URL is http://localhost:PORT, as the server derives it, and is said', async () => {
    deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
    await subscribeAndConfirm(deps, { email: 'port@example.com' });
    const env = cliEnv(deps, { PUBLIC_URL: '', PORT: '4123' });

    const run = await tend(['tick', '--now', '2026-06-02T08:00:00Z'], env);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ sent: 1 });
    expect(run.stderr).toBe(
      "tend: note: PUBLIC_URL is not set, so links in these emails use http://localhost:4123 (the server's address only if it runs with PORT=4123)\n",
    );
    const [lesson] = outboxText(env);
    expect(lesson).toContain('List-Unsubscribe: <http://localhost:4123/unsubscribe/');
    expect(lesson).not.toContain('localhost:3000');

    // A pass that sends nothing says nothing.
    const idle = await tend(['tick', '--now', '2026-06-02T08:00:00Z'], env);
    expect(idle.stderr).toBe('');

    const test = await tend(['send-test', '--to', 'me@example.com'], env);
    expect(test.code).toBe(0);
    expect(test.stderr).toMatch(/^tend: note: PUBLIC_URL is not set, .* http:\/\/localhost:4123 /);
    expect(test.stderr.split('\n')).toHaveLength(2);
  });

  it('with PUBLIC_URL is that address, and nothing is said', async () => {
    deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
    await subscribeAndConfirm(deps, { email: 'set@example.com' });
    const env = cliEnv(deps, { PORT: '4123' });
    const run = await tend(['tick', '--now', '2026-06-02T08:00:00Z'], env);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const [lesson] = outboxText(env);
    expect(lesson).toContain('List-Unsubscribe: <https://tend.test/unsubscribe/');
    expect((await tend(['send-test', '--to', 'me@example.com'], env)).stderr).toBe('');
  });
});
