import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { storeReply } from '../../src/reflections/inbound.ts';
import { type TestDeps, testDeps } from '../support/deps.ts';
import { emailsTo, form, messageOf, runScheduler, subscribeAndConfirm } from '../support/flows.ts';

/**
 * Links from emails sent before tokens had purposes: every link and the Reply-To address of
 * one email carried the same token, the HMAC of `delivery:<id>`. These were signed by that
 * code (commit 7ced871's src/tokens/token.ts) under TEST_SECRET and are kept as they were.
 */
const OLD_LESSON = {
  id: 'legacylessonlinkfixture234',
  token: 'legacylessonlinkfixture234besd3bwap2hjqjeiyg7gtwmoia',
};
const OLD_CONFIRMATION = {
  id: 'legacyconfirmlinkfixture22',
  token: 'legacyconfirmlinkfixture22yff4hcay6kjwaz6rhaktrdnhvy',
};
const OFFER = 'Email me a sign-in link';

let deps: TestDeps;
beforeEach(async () => {
  deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
});
afterEach(() => deps.close());

/** A subscriber whose lesson 1 went out (yesterday) carrying the old token. */
async function oldLesson(address: string) {
  const { app } = await subscribeAndConfirm(deps, { email: address, role: 'hurt' });
  await runScheduler(deps, '2026-06-02T09:00:00Z', 30);
  const lesson = emailsTo(deps, address).find((email) => messageOf(email) === 'lesson_1');
  if (!lesson) throw new Error('no lesson 1');
  await deps.db
    .updateTable('deliveries')
    .set({ token_id: OLD_LESSON.id })
    .where('message_key', '=', 'lesson:1')
    .execute();
  return app;
}

describe('links sent before tokens had purposes', () => {
  it('still open the preferences and the reflection page, and still unsubscribe', async () => {
    const app = await oldLesson('old@example.com');
    const preferences = await app.request(`/preferences/${OLD_LESSON.token}`);
    expect(preferences.status).toBe(200);
    expect(await preferences.text()).toContain('value="settings"');
    const saved = await app.request(`/preferences/${OLD_LESSON.token}`, form({ action: 'resume' }));
    expect(saved.status).not.toBe(404);

    const reflect = await app.request(`/reflect/${OLD_LESSON.token}`);
    expect(reflect.status).toBe(200);
    const page = await reflect.text();
    // Its journal link leads to the sign-in, not to a journal link of its own.
    expect(page).toContain('href="/journal"');
    const written = await app.request(
      `/reflect/${OLD_LESSON.token}`,
      form({ text: 'Written through an old link.' }),
    );
    expect(await written.text()).toContain('Saved to your journal');

    expect((await app.request(`/unsubscribe/${OLD_LESSON.token}`)).status).toBe(200);
    const oneClick = await app.request(`/unsubscribe/${OLD_LESSON.token}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    const row = await deps.db.selectFrom('enrollments').select('status').executeTakeFirstOrThrow();
    expect(row.status).toBe('unsubscribed');
  });

  it('lead to the sign-in offer for the journal, the export and erasure', async () => {
    const app = await oldLesson('careful@example.com');
    await app.request(`/reflect/${OLD_LESSON.token}`, form({ text: 'Not for a forward.' }));
    // Even a day after the email was sent, inside a new journal link's window.
    for (const path of [`/journal/${OLD_LESSON.token}`, `/journal/${OLD_LESSON.token}/download`]) {
      const html = await (await app.request(path)).text();
      expect(html, path).toContain(OFFER);
      expect(html, path).not.toContain('Not for a forward.');
    }
    for (const action of ['export', 'erase', 'erase-confirmed']) {
      const response = await app.request(
        `/preferences/${OLD_LESSON.token}`,
        form({ action, confirm: 'erase' }),
      );
      expect(await response.text(), action).toContain(OFFER);
    }
    expect(await deps.db.selectFrom('subscribers').selectAll().execute()).toHaveLength(1);
    expect((await app.request(`/signin/${OLD_LESSON.token}`, form({}))).status).toBe(410);
    expect(await deps.db.selectFrom('subscriber_sessions').selectAll().execute()).toEqual([]);
  });

  it('a reply to the old Reply-To address is still kept', async () => {
    await oldLesson('replier@example.com');
    const outcome = await storeReply(
      deps,
      {
        emailId: 'old-reply',
        from: 'replier@example.com',
        to: [`reply+${OLD_LESSON.token}@reply.tend.test`],
      },
      {
        fetchReceived: async () => ({
          from: 'replier@example.com',
          to: [],
          text: 'Answering an old lesson.',
          html: null,
        }),
      },
    );
    expect(outcome).toBe('stored');
  });

  it('an old confirmation link still confirms', async () => {
    const app = createApp(deps);
    await app.request(
      '/subscribe',
      form({ email: 'pending@example.com', role: 'hurt', timezone: 'UTC', send_time: '08:00' }),
    );
    await deps.db
      .updateTable('deliveries')
      .set({ token_id: OLD_CONFIRMATION.id })
      .where('message_key', 'like', 'confirm:%')
      .execute();
    const confirmed = await app.request(`/confirm/${OLD_CONFIRMATION.token}`, form({}));
    expect(confirmed.status).toBe(200);
    const row = await deps.db.selectFrom('enrollments').select('status').executeTakeFirstOrThrow();
    expect(row.status).toBe('active');
  });
});
