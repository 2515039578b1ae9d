import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { TEST_SECRET, testDeps } from '../support/deps.ts';
import { subscribeAndConfirm } from '../support/flows.ts';
import { tempDir } from '../support/temp.ts';

const run = promisify(execFile);
const children: ChildProcess[] = [];
// SIGTERM, which the launcher passes on to the server it started (a SIGKILL would leave that
// server running), then SIGKILL for anything still there after a few seconds.
afterAll(async () => {
  const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
  const exits = running.map((child) => new Promise((resolve) => child.once('exit', resolve)));
  for (const child of running) child.kill('SIGTERM');
  const timeout = new Promise((resolve) => setTimeout(resolve, 5000));
  await Promise.race([Promise.all(exits), timeout]);
  for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess): Promise<Response> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return response;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('server did not become healthy');
}

describe('npm start (the Node runtime, bundled by scripts/build.mjs)', () => {
  it('creates and migrates the database, serves, and writes mail to the outbox', async () => {
    const dir = tempDir('tend-start-');
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    // A permissive umask, so that the modes checked below are Tend's choice, not the umask's.
    const child = spawn(
      'sh',
      ['-c', `umask 000 && exec "${process.execPath}" scripts/launch.mjs node`],
      {
        env: {
          ...process.env,
          NODE_ENV: 'development',
          PORT: String(port),
          PUBLIC_URL: url,
          DATABASE_PATH: join(dir, 'db', 'tend.db'),
          OUTBOX_DIR: join(dir, 'outbox'),
          SECRET_KEY: '',
          RESEND_API_KEY: '',
        },
        stdio: 'pipe',
      },
    );
    children.push(child);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const health = await waitForHealth(url, child);
    expect(await health.json()).toEqual({ status: 'ok' });
    // Without HOST it listens on the loopback interface only.
    const listening = output.split('\n').find((line) => line.includes('"listening"'));
    expect(JSON.parse(listening ?? '{}')).toMatchObject({ host: '127.0.0.1', port });
    expect(readdirSync(join(dir, 'db'))).toContain('tend.db');
    expect(readdirSync(join(dir, 'db'))).toContain('secret.key');

    const signup = await fetch(`${url}/subscribe`, {
      method: 'POST',
      headers: { Origin: url, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'course=rebuilding-trust&email=start%40example.com&role=together',
      redirect: 'manual',
    });
    expect(signup.status).toBe(303);
    // The confirmation is sent just after the answer.
    let files: string[] = [];
    for (let i = 0; i < 100 && files.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      files = readdirSync(join(dir, 'outbox'), { withFileTypes: true })
        .filter((entry) => entry.name.endsWith('.eml'))
        .map((entry) => entry.name);
    }
    expect(files).toHaveLength(1);
    const outbox = await (await fetch(`${url}/dev/outbox`)).text();
    expect(outbox).toContain('Please confirm your subscription');
    // Everything it created is the owner's alone, whatever the umask.
    const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
    for (const folder of ['db', 'outbox']) expect(mode(join(dir, folder)), folder).toBe('700');
    for (const file of ['tend.db', 'tend.db-wal', 'tend.db-shm', 'secret.key']) {
      expect(mode(join(dir, 'db', file)), file).toBe('600');
    }
    expect(mode(join(dir, 'outbox', files[0] ?? ''))).toBe('600');
    // A process manager's SIGTERM reaches the server through the launcher: it stops cleanly.
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('refuses to start in production without its secrets, with a one-line reason', async () => {
    const result = await run(process.execPath, ['scripts/launch.mjs', 'node'], {
      env: { ...process.env, NODE_ENV: 'production', SECRET_KEY: '', PUBLIC_URL: '' },
    }).catch((error: { code: number; stderr: string }) => error);
    expect('code' in result && result.code).toBe(1);
    expect('stderr' in result && result.stderr.trim()).toMatch(
      /^tend: production needs PUBLIC_URL, SECRET_KEY/,
    );
  });
});

describe('tend tick --now', () => {
  it('runs one pass as at that instant and exits; repeating it sends nothing new', async () => {
    const deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
    onTestFinished(() => deps.close());
    await subscribeAndConfirm(deps, { email: 'cli@example.com', timezone: 'Europe/Paris' });
    // The folder stays until the test ends: the `tend tick` processes open the database.
    await deps.closeDatabase();
    const outbox = tempDir('tend-cli-outbox-');
    const env = {
      ...process.env,
      DATABASE_PATH: deps.dbPath,
      OUTBOX_DIR: outbox,
      SECRET_KEY: TEST_SECRET,
      PUBLIC_URL: 'https://tend.test',
      RESEND_API_KEY: '',
    };
    const tick = (now: string) => run('bin/tend.js', ['tick', '--now', now], { env });
    const first = await tick('2026-06-02T06:00:00Z'); // 08:00 in Paris
    expect(JSON.parse(first.stdout)).toMatchObject({ planned: 1, sent: 1, failed: 0 });
    expect(readdirSync(outbox)).toHaveLength(1);
    const again = await tick('2026-06-02T06:00:00Z');
    expect(JSON.parse(again.stdout)).toMatchObject({ planned: 0, sent: 0 });
    expect(readdirSync(outbox)).toHaveLength(1);

    const bad = await tick('yesterday').catch((error: { code: number; stderr: string }) => error);
    expect('code' in bad && bad.code).toBe(1);
    expect('stderr' in bad && bad.stderr.trim()).toBe(
      'tend: --now: not an ISO-8601 instant: yesterday',
    );
    const help = await run('bin/tend.js', ['tick', '--help'], { env });
    expect(help.stdout).toContain('tend tick');
  });
});
