import { describe, expect, it } from 'vitest';
import {
  form,
  outboxTo,
  PUBLIC_URL,
  plainTextOf,
  subscriberByEmail,
  testWorker,
  tokenOf,
} from './support.ts';

describe('a reader without a role on Workers (D1, after migration 0008)', () => {
  it('signs up through JSON without a role, stored as NULL', async () => {
    const tw = testWorker();
    const response = await tw.fetch('/subscribe', {
      method: 'POST',
      headers: { Origin: PUBLIC_URL, 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'json@example.com' }),
    });
    expect(response.status).toBe(202);
    const subscriber = await subscriberByEmail(tw.deps(), 'json@example.com');
    expect(subscriber).toMatchObject({ status: 'pending', role: null });
    // The column still refuses a role the course does not know.
    await expect(
      tw
        .deps()
        .db.updateTable('subscribers')
        .set({ role: 'boss' as never })
        .execute(),
    ).rejects.toThrow(/CHECK/);
  });

  it('confirms from the form and gets every perspective, with an invitation to choose', async () => {
    const tw = testWorker();
    const address = 'open@example.com';
    const signup = await tw.fetch(
      '/subscribe',
      form({ email: address, role: '', timezone: 'UTC', send_time: '08:00', name: 'Sam' }),
    );
    expect(signup.status).toBe(303);
    const deps = tw.deps();
    const confirmation = (await outboxTo(deps, address)).at(-1);
    if (!confirmation) throw new Error('no confirmation');
    const confirmed = await tw.fetch(`/confirm/${tokenOf(confirmation.eml)}`, form({}));
    expect(confirmed.status).toBe(200);
    const subscriber = await subscriberByEmail(deps, address);
    expect(subscriber.role).toBeNull();

    await tw.cron(new Date(subscriber.next_send_at ?? ''));
    await tw.drain();
    const [, welcome, lesson] = (await outboxTo(deps, address)).map((row) => plainTextOf(row.eml));
    expect(welcome).toContain('You did not choose which description fits you');
    expect(lesson).toContain(deps.course.lessons[0]?.title);
    for (const { heading } of deps.course.roles) {
      expect(lesson).toContain(`\n${heading}\n`);
    }
  });
});
