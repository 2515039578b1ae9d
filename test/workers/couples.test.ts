import { describe, expect, it } from 'vitest';
import { form, outboxTo, subscribeAndConfirm, testWorker, tokenOf } from './support.ts';

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
});
