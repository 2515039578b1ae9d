import { describe, expect, it } from 'vitest';
import { form, outboxTo, subscribeAndConfirm, testWorker, tokenOf } from './support.ts';

describe('erasure on Workers', () => {
  it("deletes the subscriber's outbox rows and no one else's", async () => {
    const tw = testWorker();
    await subscribeAndConfirm(tw, { email: 'gone@example.com' });
    await subscribeAndConfirm(tw, { email: 'stays@example.com' });
    const deps = tw.deps();
    const welcome = (await outboxTo(deps, 'gone@example.com')).at(-1);
    expect(await outboxTo(deps, 'gone@example.com')).toHaveLength(2);

    // Erasure needs a fresh sign-in; its email is one more outbox row for this address.
    await tw.fetch('/signin', form({ email: 'gone@example.com' }));
    const signInMail = (await outboxTo(deps, 'gone@example.com')).at(-1);
    const signedIn = await tw.fetch(
      `/signin/${tokenOf(signInMail?.eml ?? '', 'signin')}`,
      form({}),
    );
    const cookie = signedIn.headers.get('set-cookie')?.split(';')[0] ?? '';
    const erased = await tw.fetch(
      `/preferences/${tokenOf(welcome?.eml ?? '', 'preferences')}`,
      form({ action: 'erase-confirmed', confirm: 'erase' }, { Cookie: cookie }),
    );
    expect(erased.status).toBe(200);
    const rows = await deps.db.selectFrom('outbox').select(['recipient', 'eml']).execute();
    expect(rows.filter((row) => row.eml.includes('gone@example.com'))).toEqual([]);
    expect(rows.map((row) => row.recipient)).toEqual(['stays@example.com', 'stays@example.com']);
  });
});
