import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { nodeDeps } from '../../src/node/deps.ts';
import { ReflectionCipher } from '../../src/reflections/cipher.ts';
import { webAddressHasher } from '../../src/subscribers/address-hash.ts';
import { type TestDeps, testDeps } from '../support/deps.ts';
import {
  emailsTo,
  form,
  messageOf,
  runScheduler,
  subscribeAndConfirm,
  tokenOf,
} from '../support/flows.ts';
import { cliEnv, csvFile, tend } from './support.ts';

const OLD = 'old-key: 7Hq2vX9LmR4tZ8wKc3NpB6yFd1sJgUe5';
const NEW = 'new-key: Qw8Er3Ty6Ui1Op4As7Df2Gh5Jk9Lz0Xc';

let deps: TestDeps;
afterEach(() => deps.close());

/** Two readers under the old key, each with a reflection on lesson 1; their lesson links. */
/** Each reader's unsubscribe link from the same email as their reflect link. */
const unsubscribes: Record<string, string> = {};

async function underTheOldKey() {
  deps = await testDeps({ start: '2026-06-01T10:00:00Z', env: { SECRET_KEY: OLD } });
  const readers = ['ann@example.com', 'bob@example.com'];
  for (const email of readers) await subscribeAndConfirm(deps, { email });
  await runScheduler(deps, '2026-06-02T09:00:00Z', 30);
  const links: Record<string, string> = {};
  const app = createApp(deps);
  for (const email of readers) {
    const lesson = emailsTo(deps, email).find((e) => messageOf(e) === 'lesson_1');
    if (!lesson) throw new Error('no lesson 1');
    links[email] = tokenOf(lesson, 'reflect');
    unsubscribes[email] = tokenOf(lesson, 'unsubscribe');
    await app.request(`/reflect/${links[email]}`, form({ text: `the words of ${email}` }));
  }
  return links;
}

/** Every stored reflection, opened with only `secret`: null where that key cannot open it. */
async function openedWith(secret: string): Promise<(string | null)[]> {
  const cipher = new ReflectionCipher(secret);
  const rows = await deps.db.selectFrom('reflections').selectAll().orderBy('id').execute();
  return Promise.all(
    rows.map((row) =>
      cipher.decrypt(row.ciphertext, {
        enrollmentId: row.enrollment_id,
        deliveryId: row.delivery_id,
      }),
    ),
  );
}

describe('rotating SECRET_KEY', () => {
  it('keeps old links and reflections working, and rotate-secret moves every reflection', async () => {
    const links = await underTheOldKey();
    const rotated = cliEnv(deps, { SECRET_KEY: NEW, SECRET_KEY_PREVIOUS: OLD });
    const node = await nodeDeps(rotated, { clock: deps.clock });
    try {
      const app = createApp(node.deps);
      // Links signed under the old key still open, and reflections still read.
      const page = await app.request(`/reflect/${links['ann@example.com']}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('the words of ann@example.com');
      expect((await app.request(`/unsubscribe/${unsubscribes['bob@example.com']}`)).status).toBe(
        200,
      );
      // Something new is signed and sealed under the new key alone.
      await app.request(
        `/reflect/${links['bob@example.com']}`,
        form({ text: 'written after the rotation' }),
      );
    } finally {
      await node.close();
    }
    expect(await openedWith(OLD)).toEqual(['the words of ann@example.com', null]);

    const run = await tend(['rotate-secret'], rotated);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toBe(
      're-encrypted 1 reflections under the current SECRET_KEY (1 already were)\n',
    );
    // No ciphertext is left under the old key: the new key alone opens every row.
    expect(await openedWith(NEW)).toEqual([
      'the words of ann@example.com',
      'written after the rotation',
    ]);
    expect(await openedWith(OLD)).toEqual([null, null]);

    // Idempotent: a second run finds nothing to do.
    expect((await tend(['rotate-secret'], rotated)).stdout).toBe(
      're-encrypted 0 reflections under the current SECRET_KEY (2 already were)\n',
    );

    // With the old key dropped, reflections still read; the old links no longer open.
    const dropped = await nodeDeps(cliEnv(deps, { SECRET_KEY: NEW }), { clock: deps.clock });
    try {
      const app = createApp(dropped.deps);
      expect((await app.request(`/reflect/${links['ann@example.com']}`)).status).toBe(404);
      const rows = await deps.db.selectFrom('reflections').selectAll().execute();
      expect(rows).toHaveLength(2);
    } finally {
      await dropped.close();
    }
  });

  it('reports reflections that no key given opens, and needs SECRET_KEY_PREVIOUS', async () => {
    await underTheOldKey();
    const other = 'other-key: Mn4Bv7Cx1Za8Sd5Fg2Hj9Kl3Qw6Er0Ty';
    const run = await tend(
      ['rotate-secret'],
      cliEnv(deps, { SECRET_KEY: NEW, SECRET_KEY_PREVIOUS: other }),
    );
    expect(run.code).toBe(2);
    expect(run.stdout).toBe(
      're-encrypted 0 reflections under the current SECRET_KEY (0 already were)\n',
    );
    expect(run.stderr).toBe(
      'tend: rotate-secret: 2 reflections open under none of the keys given and were left as they are\n',
    );
    expect(await openedWith(OLD)).toEqual([
      'the words of ann@example.com',
      'the words of bob@example.com',
    ]);
    const bare = await tend(['rotate-secret'], cliEnv(deps, { SECRET_KEY: NEW }));
    expect(bare).toMatchObject({ code: 1, stdout: '' });
    expect(bare.stderr).toMatch(/^tend: rotate-secret: SECRET_KEY_PREVIOUS is not set/);
  });

  it('keeps addresses erased under the old key out of signups and imports', async () => {
    deps = await testDeps({ start: '2026-06-01T10:00:00Z', env: { SECRET_KEY: OLD } });
    await deps.db
      .insertInto('suppressed_addresses')
      .values({
        email_hash: await webAddressHasher(OLD)('gone@example.com'),
        reason: 'unsubscribed',
        created_at: '2026-05-01T00:00:00.000Z',
      })
      .execute();
    const rotated = cliEnv(deps, { SECRET_KEY: NEW, SECRET_KEY_PREVIOUS: OLD });
    const run = await tend(['import', csvFile('email,role\ngone@example.com,hurt\n')], rotated);
    expect(run.stdout.split('\n')[0]).toBe(
      'imported 0, already subscribed 0, not added 1, refused 0',
    );
    const node = await nodeDeps(rotated, { clock: deps.clock });
    try {
      const signup = await createApp(node.deps).request(
        '/subscribe',
        form({ email: 'gone@example.com', role: 'hurt' }),
      );
      expect(signup.status).toBe(303);
    } finally {
      await node.close();
    }
    expect(await deps.db.selectFrom('subscribers').selectAll().execute()).toEqual([]);
  });
});
