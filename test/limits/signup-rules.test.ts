import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { type TestDeps, testDeps } from '../support/deps.ts';
import { emailsTo, form, messageOf, tokenOf } from '../support/flows.ts';
import { confirmationCount } from './support.ts';

let deps: TestDeps;
beforeEach(async () => {
  deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
});
afterEach(() => deps.close());

const TEN_MINUTES = 10 * 60_000;

async function signup(fields: Record<string, string>) {
  const response = await createApp(deps).request('/subscribe', form(fields));
  expect(response.status).toBe(303);
  expect(response.headers.get('location')).toBe('/check-your-inbox');
}

/** Every enrollment with its person's address and name, as the app reads them. */
async function subscriberRows() {
  return deps.db
    .selectFrom('enrollments')
    .innerJoin('subscribers', 'subscribers.id', 'enrollments.subscriber_id')
    .selectAll('enrollments')
    .select(['subscribers.email', 'subscribers.name'])
    .orderBy('enrollments.id')
    .execute();
}

const confirmPost = (token: string) => createApp(deps).request(`/confirm/${token}`, form({}));

describe('a signup for an address already there (issue 14.5)', () => {
  it('keeps the later profile with its own confirmation; only the newest link confirms', async () => {
    await signup({ email: 'ana@example.com', name: 'Ana', role: 'hurt', send_time: '07:00' });
    const first = emailsTo(deps, 'ana@example.com');
    expect(first).toHaveLength(1);
    const before = await subscriberRows();

    // Within ten minutes: nothing changes, nothing is sent.
    await signup({ email: 'ana@example.com', name: 'Mallory', role: 'broke', discreet: 'on' });
    expect(await subscriberRows()).toEqual(before);
    expect(emailsTo(deps, 'ana@example.com')).toHaveLength(1);

    // Later: a second confirmation, and still nothing changed on the subscriber.
    deps.clock.advance(TEN_MINUTES + 1000);
    await signup({
      email: 'ana@example.com',
      name: 'Mallory',
      role: 'broke',
      send_time: '21:30',
      timezone: 'Europe/Paris',
      discreet: 'on',
    });
    expect(await subscriberRows()).toEqual(before);
    const emails = emailsTo(deps, 'ana@example.com');
    expect(emails).toHaveLength(2);
    const [older, newer] = emails;
    if (!older || !newer) throw new Error('two confirmations expected');

    // The confirmation names no one, and is discreet because this signup asked.
    expect(messageOf(newer)).toBe('confirm');
    for (const email of emails) {
      expect(email.text).not.toMatch(/Mallory|Ana\b/);
      expect(email.html).not.toMatch(/Mallory|Ana\b/);
    }
    expect(newer.subject).toBe('Please confirm your email address');
    expect(older.subject).not.toBe(newer.subject);

    // The older link was replaced: a friendly page, and it confirms nothing.
    const shown = await createApp(deps).request(`/confirm/${tokenOf(older)}`);
    expect(shown.status).toBe(410);
    expect(await shown.text()).toContain('This link was replaced');
    const refused = await confirmPost(tokenOf(older));
    expect(refused.status).toBe(410);
    expect((await subscriberRows())[0]?.status).toBe('pending');

    // The newest link confirms with the profile its signup gave.
    const confirmed = await confirmPost(tokenOf(newer));
    expect(confirmed.status).toBe(200);
    expect((await subscriberRows())[0]).toMatchObject({
      status: 'active',
      name: 'Mallory',
      role: 'broke',
      send_time: '21:30',
      timezone: 'Europe/Paris',
      discreet: 1,
    });
  });

  it('a first signup confirms with its own profile, untouched by a later one', async () => {
    await signup({ email: 'bo@example.com', name: 'Bo', role: 'together', send_time: '06:45' });
    await signup({ email: 'bo@example.com', name: 'Eve', role: 'broke', send_time: '23:00' });
    const [only] = emailsTo(deps, 'bo@example.com');
    if (!only) throw new Error('a confirmation expected');
    expect((await confirmPost(tokenOf(only))).status).toBe(200);
    expect((await subscriberRows())[0]).toMatchObject({
      status: 'active',
      name: 'Bo',
      role: 'together',
      send_time: '06:45',
    });
  });

  it('does not touch the settings of a subscriber who left, until they confirm again', async () => {
    await signup({ email: 'cy@example.com', name: 'Cy', role: 'hurt', send_time: '08:00' });
    await deps.db.updateTable('enrollments').set({ status: 'unsubscribed' }).execute();
    deps.clock.advance(TEN_MINUTES + 1000);
    await signup({ email: 'cy@example.com', name: 'Other', role: 'broke', send_time: '22:00' });
    const [row] = await subscriberRows();
    expect(row).toMatchObject({ status: 'pending', name: 'Cy', role: 'hurt', send_time: '08:00' });
    const latest = emailsTo(deps, 'cy@example.com').at(-1);
    if (!latest) throw new Error('a confirmation expected');
    expect((await confirmPost(tokenOf(latest))).status).toBe(200);
    expect((await subscriberRows())[0]).toMatchObject({ name: 'Other', role: 'broke' });
  });
});

describe('one person, one address (issue 14.6)', () => {
  it('case variants make one subscriber and at most one confirmation per 10 minutes, three a day', async () => {
    await signup({ email: 'Sam.Lee@example.com', role: 'hurt' });
    await signup({ email: 'sam.lee@EXAMPLE.com', role: 'hurt' });
    await signup({ email: 'SAM.LEE@example.com', role: 'broke' });
    const rows = await subscriberRows();
    expect(rows.map((row) => row.email)).toEqual(['Sam.Lee@example.com']);
    expect(await confirmationCount(deps)).toBe(1);
    expect(deps.sent.map((email) => email.to)).toEqual(['Sam.Lee@example.com']);

    for (const variant of ['sam.lee@example.com', 'SAM.lee@example.com', 'Sam.LEE@example.com']) {
      deps.clock.advance(TEN_MINUTES + 1000);
      await signup({ email: variant, role: 'hurt' });
    }
    // Three a day: the fourth attempt, 40 minutes in, queued nothing.
    expect(await confirmationCount(deps)).toBe(3);
    expect(deps.sent).toHaveLength(3);

    deps.clock.advance(24 * 60 * 60_000);
    await signup({ email: 'sam.lee@example.com', role: 'hurt' });
    expect(await confirmationCount(deps)).toBe(4);
    expect(await subscriberRows()).toHaveLength(1);
  });

  it('refuses a case variant at the database too', async () => {
    await signup({ email: 'Kim@example.com', role: 'hurt' });
    const insert = deps.db
      .insertInto('subscribers')
      .values({
        email: 'kim@example.com',
        name: null,
        created_at: '2026-06-01T10:00:00Z',
        updated_at: '2026-06-01T10:00:00Z',
      })
      .execute();
    await expect(insert).rejects.toThrow(/UNIQUE/);
  });
});
