import { describe, expect, it } from 'vitest';
import { ReflectionCipher } from '../../src/reflections/cipher.ts';
import { resealReflections } from '../../src/reflections/rotate.ts';
import { WORKER_TEST_BINDINGS } from './bindings.ts';
import { form, outboxTo, subscribeAndConfirm, testWorker, tokenOf } from './support.ts';

const OLD = WORKER_TEST_BINDINGS.SECRET_KEY;
const NEW = 'new-worker-key: Qw8Er3Ty6Ui1Op4As7Df2Gh5Jk9Lz0Xc';

describe('a rotated SECRET_KEY on Workers', () => {
  it('opens links signed under the old key and reads reflections sealed under it', async () => {
    const before = testWorker();
    const subscriber = await subscribeAndConfirm(before, { email: 'rui@example.com' });
    await before.cron(new Date(subscriber.next_send_at ?? ''));
    await before.drain();
    const lesson = (await outboxTo(before.deps(), 'rui@example.com')).at(-1);
    const token = tokenOf(lesson?.eml ?? '', 'reflect');
    const unsubscribe = tokenOf(lesson?.eml ?? '', 'unsubscribe');
    const saved = await before.fetch(
      `/reflect/${token}`,
      form({ text: 'sealed under the old key' }),
    );
    expect(saved.status).toBe(200);

    const after = testWorker({ SECRET_KEY: NEW, SECRET_KEY_PREVIOUS: OLD });
    const page = await after.fetch(`/reflect/${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('sealed under the old key');
    expect((await after.fetch(`/unsubscribe/${unsubscribe}`)).status).toBe(200);

    // Resealed under the new key, the reflection reads without the old one; the old link does not.
    const deps = after.deps();
    expect(await resealReflections(deps)).toEqual({ resealed: 1, current: 0, unreadable: 0 });
    const row = await deps.db.selectFrom('reflections').selectAll().executeTakeFirstOrThrow();
    const owner = { enrollmentId: row.enrollment_id, deliveryId: row.delivery_id };
    expect(await new ReflectionCipher(NEW).decrypt(row.ciphertext, owner)).toBe(
      'sealed under the old key',
    );
    expect(await new ReflectionCipher(OLD).decrypt(row.ciphertext, owner)).toBeNull();
    expect((await testWorker({ SECRET_KEY: NEW }).fetch(`/reflect/${token}`)).status).toBe(404);
  });
});
