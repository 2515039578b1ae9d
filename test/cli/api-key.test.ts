import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSecret } from '../../src/outgoing/secret.ts';
import { ReflectionCipher } from '../../src/reflections/cipher.ts';
import { type TestDeps, testDeps } from '../support/deps.ts';
import { startTend } from '../support/tend-server.ts';
import { cliEnv, tend } from './support.ts';

let deps: TestDeps;
let server: Awaited<ReturnType<typeof startTend>>;
beforeEach(async () => {
  deps = await testDeps();
  server = await startTend(deps);
});
afterEach(async () => {
  await server.close();
  await deps.close();
});

const courses = (key: string) =>
  fetch(`${server.url}/api/v1/courses`, { headers: { authorization: `Bearer ${key}` } });

describe('tend api-key', () => {
  it('creates a key shown once alone on its line, lists it without it, and revokes it', async () => {
    const env = cliEnv(deps);
    const created = await tend(['api-key', 'create', '--name', 'booking system'], env);
    expect(created.code).toBe(0);
    const lines = created.stdout.split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(1);
    const key = lines[0] ?? '';
    expect(key).toMatch(/^tend_[A-Za-z0-9_-]{43}$/);
    expect((await courses(key)).status).toBe(200);

    const stored = await deps.db.selectFrom('api_keys').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(key.slice(10));

    const listed = await tend(['api-key', 'list'], env);
    expect(listed.stdout).toContain('booking system');
    expect(listed.stdout).toContain(key.slice(0, 10));
    expect(listed.stdout).not.toContain(key.slice(10));

    expect((await tend(['api-key', 'create', '--name', 'booking system'], env)).code).toBe(1);
    const revoked = await tend(['api-key', 'revoke', 'booking system'], env);
    expect(revoked.code).toBe(0);
    expect((await courses(key)).status).toBe(401);
    expect((await tend(['api-key', 'list'], env)).stdout).toContain('REVOKED');
    const again = await tend(['api-key', 'revoke', 'booking system'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('no live key');
  });
});

describe('tend webhook', () => {
  it('adds an endpoint and prints its secret alone, lists and removes it', async () => {
    const env = cliEnv(deps);
    const added = await tend(
      ['webhook', 'add', 'https://crm.example.org/in', '--events', 'subscriber.created,email.sent'],
      env,
    );
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/^whsec_[A-Za-z0-9+/=]{44}\n$/);
    const listed = await tend(['webhook', 'list'], env);
    expect(listed.stdout).toContain('https://crm.example.org/in');
    expect(listed.stdout).toContain('subscriber.created,email.sent');
    expect(listed.stdout).not.toContain(added.stdout.trim());
    const bad = await tend(['webhook', 'add', 'https://x.example', '--events', 'nope'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('unknown event "nope"');
    expect((await tend(['webhook', 'add', 'not a url'], env)).code).toBe(1);
    expect((await tend(['webhook', 'remove', '1'], env)).code).toBe(0);
    expect((await tend(['webhook', 'list'], env)).stdout).toContain('no webhook endpoints');
  });
});

describe('tend rotate-secret', () => {
  it('moves webhook signing secrets onto the new key, so deliveries stay signed', async () => {
    const oldEnv = cliEnv(deps);
    const added = await tend(['webhook', 'add', 'https://crm.example.org/in'], oldEnv);
    const secret = added.stdout.trim();
    const newKey = 'a-brand-new-secret-key-a-brand-new-secret-key-0123';
    const rotated = await tend(['rotate-secret'], {
      ...oldEnv,
      SECRET_KEY: newKey,
      SECRET_KEY_PREVIOUS: oldEnv.SECRET_KEY ?? '',
    });
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stdout).toContain('re-encrypted 1 webhook signing secrets');
    const row = await deps.db.selectFrom('webhook_endpoints').selectAll().executeTakeFirstOrThrow();
    expect(await openSecret(new ReflectionCipher(newKey), row.secret_ciphertext)).toBe(secret);
  });
});
