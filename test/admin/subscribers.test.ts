import type { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestDeps } from '../support/deps.ts';
import { enrollmentByEmail } from '../support/enrollments.ts';
import { emailsTo, messageOf, subscribeAndConfirm } from '../support/flows.ts';
import { adminDeps, get, post, signedInApp } from './support.ts';

let deps: TestDeps;
afterEach(() => deps.close());

const rowOf = (email: string) => enrollmentByEmail(deps.db, email);

async function lookup(app: Hono, cookie: string, email: string) {
  return app.request('/admin/subscribers/lookup', post({ email }, { cookie }));
}

describe('subscriber lookup', () => {
  it('finds a subscriber by address, normalized as the signup form does', async () => {
    deps = await adminDeps();
    await subscribeAndConfirm(deps, { email: 'Sam.Reader@example.com', name: 'Sam' });
    const { app, cookie } = await signedInApp(deps);
    const id = (await rowOf('Sam.Reader@example.com'))?.id;

    const found = await lookup(app, cookie, '  Sam.Reader@EXAMPLE.COM ');
    expect(found.status).toBe(303);
    expect(found.headers.get('location')).toBe(`/admin/subscribers/${id}`);
    const page = await app.request(`/admin/subscribers/${id}`, get(cookie));
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    expect(html).toContain('Sam.Reader@example.com');
    expect(html).toContain('<th>Status</th><td>active</td>');
    expect(html).toContain(`action="/admin/subscribers/${id}/pause"`);

    // Another letter case is the same address, as at signup (issue 14.6).
    const variant = await lookup(app, cookie, 'sam.reader@example.com');
    expect(variant.headers.get('location')).toBe(`/admin/subscribers/${id}`);
    expect((await lookup(app, cookie, 'nobody@example.com')).status).toBe(404);
    expect((await app.request('/admin/subscribers/999', get(cookie))).status).toBe(404);
  });

  it('pauses, resumes and unsubscribes with POST buttons', async () => {
    deps = await adminDeps();
    await subscribeAndConfirm(deps, { email: 'steps@example.com' });
    const { app, cookie } = await signedInApp(deps);
    const id = (await rowOf('steps@example.com'))?.id;

    const paused = await app.request(`/admin/subscribers/${id}/pause`, post({}, { cookie }));
    expect(paused.status).toBe(200);
    expect(await paused.text()).toContain('Paused');
    expect((await rowOf('steps@example.com'))?.status).toBe('paused');
    // Pausing twice is refused, and says why.
    expect((await app.request(`/admin/subscribers/${id}/pause`, post({}, { cookie }))).status).toBe(
      409,
    );

    const resumed = await app.request(`/admin/subscribers/${id}/resume`, post({}, { cookie }));
    expect(resumed.status).toBe(200);
    const row = await rowOf('steps@example.com');
    expect(row?.status).toBe('active');
    expect(row?.next_send_at).not.toBeNull();

    const gone = await app.request(`/admin/subscribers/${id}/unsubscribe`, post({}, { cookie }));
    expect(gone.status).toBe(200);
    expect((await rowOf('steps@example.com'))?.status).toBe('unsubscribed');
    expect((await rowOf('steps@example.com'))?.stop_reason).toBe('operator');
  });

  it('resends a confirmation to a pending subscriber, at most every ten minutes', async () => {
    deps = await adminDeps();
    const { app, cookie } = await signedInApp(deps);
    await app.request('/subscribe', post({ email: 'slow@example.com', role: 'broke' }));
    const id = (await rowOf('slow@example.com'))?.id;
    expect(emailsTo(deps, 'slow@example.com')).toHaveLength(1);

    const tooSoon = await app.request(
      `/admin/subscribers/${id}/resend-confirmation`,
      post({}, { cookie }),
    );
    expect(tooSoon.status).toBe(409);
    expect(emailsTo(deps, 'slow@example.com')).toHaveLength(1);

    deps.clock.advance(11 * 60_000);
    const again = await app.request(
      `/admin/subscribers/${id}/resend-confirmation`,
      post({}, { cookie }),
    );
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('A new confirmation email is on its way.');
    const emails = emailsTo(deps, 'slow@example.com');
    expect(emails).toHaveLength(2);
    expect(emails.map(messageOf)).toEqual(['confirm', 'confirm']);
  });

  it('erases only after the address is typed, and the address is never mailed again', async () => {
    deps = await adminDeps();
    await subscribeAndConfirm(deps, { email: 'erase@example.com' });
    const { app, cookie } = await signedInApp(deps);
    const id = (await rowOf('erase@example.com'))?.id;

    const ask = await app.request(`/admin/subscribers/${id}/erase`, post({}, { cookie }));
    expect(ask.status).toBe(200);
    expect(await ask.text()).toContain('Type the address to confirm');
    const wrong = await app.request(
      `/admin/subscribers/${id}/erase`,
      post({ confirm: 'other@example.com' }, { cookie }),
    );
    expect(wrong.status).toBe(400);
    expect(await rowOf('erase@example.com')).toBeDefined();

    const done = await app.request(
      `/admin/subscribers/${id}/erase`,
      post({ confirm: 'erase@example.com' }, { cookie }),
    );
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Erased');
    expect(await rowOf('erase@example.com')).toBeUndefined();
    expect(await deps.db.selectFrom('subscribers').selectAll().execute()).toEqual([]);
    expect(
      await deps.db
        .selectFrom('deliveries')
        .selectAll()
        .where('enrollment_id', '=', id ?? 0)
        .execute(),
    ).toEqual([]);
    const hash = await deps.addressHasher('erase@example.com');
    const suppressed = await deps.db.selectFrom('suppressed_addresses').selectAll().execute();
    expect(suppressed.map((row) => row.email_hash)).toEqual([hash]);
  });
});
