import { describe, expect, it } from 'vitest';
import {
  form,
  outboxTo,
  plainTextOf,
  subscribeAndConfirm,
  subscriberByEmail,
  type TestWorker,
  testWorker,
  tokenOf,
} from './support.ts';

/** Links two new readers through the routes: the first invites, the second joins. */
async function link(tw: TestWorker, a: string, b: string) {
  const deps = tw.deps();
  await subscribeAndConfirm(tw, { email: a });
  const welcome = (await outboxTo(deps, a)).at(-1);
  const prefs = tokenOf(welcome?.eml ?? '', 'preferences');
  await tw.fetch(`/preferences/${prefs}/partner`, form({ action: 'invite', partner_email: b }));
  const token = tokenOf((await outboxTo(deps, b)).at(-1)?.eml ?? '', 'invite');
  await tw.fetch(`/invite/${token}`, form({ action: 'accept' }));
  await tw.fetch(`/invite/${token}/join`, form({ email: b, timezone: 'UTC', send_time: '08:00' }));
  const confirmation = (await outboxTo(deps, b)).at(-1);
  await tw.fetch(`/confirm/${tokenOf(confirmation?.eml ?? '')}`, form({}));
  return { a: await subscriberByEmail(deps, a), b: await subscriberByEmail(deps, b) };
}

describe('couples mode on Workers (D1)', () => {
  it('invites, accepts, links on confirmation and unlinks', async () => {
    const tw = testWorker();
    const deps = tw.deps();
    const ana = await subscribeAndConfirm(tw, { email: 'ana@example.com' });
    // The welcome, sent at confirmation, has the preferences link.
    const prefs = (await outboxTo(deps, 'ana@example.com'))
      .map((m) => {
        try {
          return tokenOf(m.eml, 'preferences');
        } catch {
          return null;
        }
      })
      .find((t) => t !== null);
    if (!prefs) throw new Error('no preferences link');
    const sent = await tw.fetch(
      `/preferences/${prefs}/partner`,
      form({ action: 'invite', partner_email: 'ben@example.net', from_name: 'Ana' }),
    );
    expect(sent.status).toBe(200);
    const [invitation] = await outboxTo(deps, 'ben@example.net');
    expect(invitation?.subject).toContain('from Ana');
    const token = tokenOf(invitation?.eml ?? '', 'invite');

    expect((await tw.fetch(`/invite/${token}`)).status).toBe(200);
    const accept = await tw.fetch(`/invite/${token}`, form({ action: 'accept' }));
    expect(await accept.text()).toContain(`/invite/${token}/join`);
    const joined = await tw.fetch(
      `/invite/${token}/join`,
      form({ email: 'ben@example.net', timezone: 'Australia/Sydney', send_time: '07:00' }),
    );
    expect(joined.status).toBe(303);
    const confirmation = (await outboxTo(deps, 'ben@example.net')).at(-1);
    const confirmed = await tw.fetch(`/confirm/${tokenOf(confirmation?.eml ?? '')}`, form({}));
    expect(confirmed.status).toBe(200);

    const links = await deps.db.selectFrom('couple_links').selectAll().execute();
    expect(links.map((l) => l.enrollment_id)).toContain(ana.id);
    expect(links).toHaveLength(2);
    const page = await (await tw.fetch(`/preferences/${prefs}`)).text();
    expect(page).toContain('value="unlink"');

    await tw.fetch(`/preferences/${prefs}/partner`, form({ action: 'unlink' }));
    expect(await deps.db.selectFrom('couple_links').selectAll().execute()).toEqual([]);
  });

  it('says why a lesson waited, notes a hold by a break once, and shares check-ins', async () => {
    const tw = testWorker();
    const deps = tw.deps();
    const { a: carla, b: dan } = await link(tw, 'carla@example.com', 'dan@example.net');
    const at = new Date(Date.now() + 5 * 86_400_000);
    const due = new Date(at.getTime() - 60_000).toISOString();
    const set = (id: number, values: Record<string, unknown>) =>
      deps.db.updateTable('enrollments').set(values).where('id', '=', id).execute();

    // Carla on a break holds Dan's lesson 2: one neutral note, however often he is due.
    await set(carla.id, { status: 'paused', next_send_at: null });
    for (const day of [0, 1]) {
      await set(dan.id, { next_step: 2, next_send_at: due });
      await tw.cron(new Date(at.getTime() + day * 3_600_000));
      await tw.drain();
    }
    const notes = (await outboxTo(deps, 'dan@example.net')).filter((m) =>
      /comes a little later/.test(m.subject),
    );
    expect(notes).toHaveLength(1);
    expect(plainTextOf(notes[0]?.eml ?? '')).toContain('There is nothing you need to do');

    // Carla is back and ahead: Dan's lesson 2 goes, and says in a sentence that it waited
    // (nothing of the break).
    await set(carla.id, { status: 'active', next_step: 3, next_send_at: at.toISOString() });
    await set(dan.id, { next_step: 2, next_send_at: due });
    await tw.cron(new Date(at.getTime() + 2 * 3_600_000));
    await tw.drain();
    const lesson = (await outboxTo(deps, 'dan@example.net')).at(-1);
    expect(plainTextOf(lesson?.eml ?? '')).toContain(
      'This lesson waited a little, so that you and your partner receive lesson 2 on the same day.',
    );

    // Both share check-ins on the day both chose: the same question for both.
    const weekday = String(((at.getUTCDay() + 6) % 7) + 1);
    for (const who of [carla, dan]) {
      await set(who.id, {
        checkin_days: weekday,
        checkin_time: '19:00',
        checkins_together: 1,
        next_checkin_at: due,
      });
    }
    await tw.cron(new Date(at.getTime() + 3 * 3_600_000));
    await tw.drain();
    const shared = await deps.db.selectFrom('shared_checkins').selectAll().execute();
    expect(shared).toHaveLength(2);
    expect(shared[0]?.question).toBe(shared[1]?.question);
    const question = deps.course.checkins.questions[shared[0]?.question ?? -1] ?? '';
    for (const address of ['carla@example.com', 'dan@example.net']) {
      const checkin = (await outboxTo(deps, address)).at(-1);
      expect(plainTextOf(checkin?.eml ?? ''), address).toContain(question);
    }
  });
});
