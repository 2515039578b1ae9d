import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { tick } from '../../src/delivery/tick.ts';
import type { OutgoingEmail } from '../../src/mail/message.ts';
import { type TestDeps, testDeps } from '../support/deps.ts';
import { enrollmentByEmail } from '../support/enrollments.ts';
import {
  emailsTo,
  form,
  messageOf,
  runScheduler,
  subscribeAndConfirm,
  tokenOf,
} from '../support/flows.ts';

let deps: TestDeps;
beforeEach(async () => {
  deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
});
afterEach(() => deps.close());

async function welcomeToken(address: string) {
  await subscribeAndConfirm(deps, { email: address });
  const welcome = emailsTo(deps, address).find((email) => messageOf(email) === 'welcome');
  if (!welcome) throw new Error('no welcome');
  return tokenOf(welcome);
}

const statusOf = async (email: string) => (await enrollmentByEmail(deps.db, email))?.status;

describe('unsubscribe', () => {
  it('every course email carries the unsubscribe headers and a reply address', async () => {
    const token = await welcomeToken('headers@example.com');
    const welcome = emailsTo(deps, 'headers@example.com')[1];
    expect(welcome?.headers).toEqual({
      'List-Unsubscribe': `<https://tend.test/unsubscribe/${token}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
    expect(welcome?.replyTo).toBe(
      `reply+${tokenOf(welcome as OutgoingEmail, 'reply')}@reply.tend.test`,
    );
    expect(welcome?.html).toContain(`href="https://tend.test/unsubscribe/${token}"`);
  });

  it('GET shows a page with a button and changes nothing', async () => {
    const token = await welcomeToken('look@example.com');
    const response = await createApp(deps).request(`/unsubscribe/${token}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(`<form method="post" action="/unsubscribe/${token}"`);
    expect(await statusOf('look@example.com')).toBe('active');
  });

  it('POST from the page unsubscribes, and nothing is sent afterwards', async () => {
    const token = await welcomeToken('leave@example.com');
    const response = await createApp(deps).request(`/unsubscribe/${token}`, form({}));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('re unsubscribed</h1>');
    expect(await statusOf('leave@example.com')).toBe('unsubscribed');
    const before = emailsTo(deps, 'leave@example.com').length;
    await runScheduler(deps, '2026-06-04T12:00:00Z', 30);
    expect(emailsTo(deps, 'leave@example.com')).toHaveLength(before);
  });

  it('answers an RFC 8058 one-click POST (no Origin) with 200 and an empty body', async () => {
    const token = await welcomeToken('oneclick@example.com');
    const response = await createApp(deps).request(`/unsubscribe/${token}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    expect(await statusOf('oneclick@example.com')).toBe('unsubscribed');
  });

  it('cancels mail that was already queued', async () => {
    const token = await welcomeToken('queued@example.com');
    // Plan lesson 1 without sending it, as if the process stopped between the two steps.
    deps.clock.set('2026-06-02T08:00:00Z');
    const { planCourseMail } = await import('../../src/delivery/plan.ts');
    await planCourseMail(deps, deps.clock());
    await createApp(deps).request(`/unsubscribe/${token}`, form({}));
    const rows = await deps.db
      .selectFrom('deliveries')
      .select(['message_key', 'status'])
      .where('message_key', '=', 'lesson:1')
      .execute();
    expect(rows).toEqual([{ message_key: 'lesson:1', status: 'cancelled' }]);
    expect(await tick(deps, deps.clock())).toMatchObject({ sent: 0 });
  });

  it('an invalid token gets a friendly 404, and one-click gets an empty 404', async () => {
    const app = createApp(deps);
    const page = await app.request('/unsubscribe/not-a-token', form({}));
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('t work</h1>');
    const oneClick = await app.request('/unsubscribe/not-a-token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(404);
    expect(await oneClick.text()).toBe('');
  });
});
