import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { type TestDeps, testDeps } from '../support/deps.ts';
import { cliEnv, csvFile } from './support.ts';

const run = promisify(execFile);
let deps: TestDeps;
afterEach(() => deps.close());

describe('npx tend (bin/tend.js)', () => {
  it('exits 2 after an import with refused rows, reporting them on stderr', async () => {
    deps = await testDeps();
    const file = csvFile('email,role\nok@example.com,hurt\nbad,hurt\n');
    const env = { ...process.env, ...cliEnv(deps) };
    const result = await run('bin/tend.js', ['import', file], { env }).catch(
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(result).toMatchObject({
      code: 2,
      stdout:
        'imported 1, already subscribed 0, not added 0, refused 1\nthe new subscribers are pending: their confirmation emails go out at the next scheduler pass\n',
      stderr: 'line 3: bad address "bad"\n',
    });
    const exported = await run('bin/tend.js', ['export'], { env });
    expect(exported.stdout.split('\n')[1]).toMatch(/^ok@example\.com,,hurt,UTC,08:00,pending,/);
  });
});
