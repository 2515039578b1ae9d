import type { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { type TestDeps, testDeps } from '../support/deps.ts';
import {
  emailsTo,
  form,
  messageOf,
  runScheduler,
  signInCookie,
  tokenOf,
  withCookie,
} from '../support/flows.ts';
import { linkedCouple } from './support.ts';

let deps: TestDeps;
afterEach(() => deps?.close());

const A = 'ana@example.com';
const B = 'ben@example.net';

function lesson(address: string, step: number) {
  const email = emailsTo(deps, address).find((e) => messageOf(e) === `lesson_${step}`);
  if (!email) throw new Error(`no lesson ${step} to ${address}`);
  return email;
}

/**
 * Everything a partner can open: the journal through its link and signed in, its download,
 * the reflection pages of each lesson, the preferences page, and the data export.
 */
async function everythingOf(app: Hono, address: string, steps: number[]): Promise<string> {
  const last = lesson(address, Math.max(...steps));
  const journal = tokenOf(last, 'journal');
  const parts = [
    await (await app.request(`/journal/${journal}`)).text(),
    await (await app.request(`/journal/${journal}/download`)).text(),
    await (await app.request(`/preferences/${tokenOf(last, 'preferences')}`)).text(),
  ];
  for (const step of steps) {
    parts.push(
      await (await app.request(`/reflect/${tokenOf(lesson(address, step), 'reflect')}`)).text(),
    );
  }
  // One sign-in link per address every five minutes.
  deps.clock.advance(6 * 60_000);
  const cookie = await signInCookie(deps, app, address);
  parts.push(await (await app.request('/journal', withCookie({}, cookie))).text());
  parts.push(await (await app.request('/journal/download', withCookie({}, cookie))).text());
  const exported = await app.request(
    `/preferences/${tokenOf(last, 'preferences')}`,
    withCookie(form({ action: 'export' }), cookie),
  );
  parts.push(await exported.text());
  return parts.join('\n');
}

function write(app: Hono, address: string, step: number, text: string, share: boolean) {
  const fields: Record<string, string> = { text };
  if (share) fields.share_with_partner = 'on';
  return app.request(`/reflect/${tokenOf(lesson(address, step), 'reflect')}`, form(fields));
}

describe('mutual reveal, page by page', () => {
  it('shows a shared reflection only once both shared, and nothing after unlinking', async () => {
    deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
    const { app, bToken } = await linkedCouple(deps, { email: A }, { email: B });
    await runScheduler(deps, '2026-06-03T09:00:00Z', 30);

    // The form offers to share only to a linked reader.
    expect(await (await write(app, A, 1, 'ANA-SHARED-ONE', true)).text()).toContain(
      'name="share_with_partner"',
    );
    await write(app, B, 1, 'BEN-PRIVATE-ONE', false);
    await write(app, A, 2, 'ANA-PRIVATE-TWO', false);
    await write(app, B, 2, 'BEN-SHARED-TWO', true);

    // Nobody has shared alongside the other yet: no text crosses, both are told they wait.
    let ana = await everythingOf(app, A, [1, 2]);
    let ben = await everythingOf(app, B, [1, 2]);
    expect(ana).not.toMatch(/BEN-/);
    expect(ben).not.toMatch(/ANA-/);
    expect(ana).toContain('Waiting for you both');
    expect(ben).toContain('Waiting for you both');

    // Ben shares lesson 1 too: lesson 1 is revealed to both; lesson 2 still is not.
    await write(app, B, 1, 'BEN-SHARED-ONE', true);
    ana = await everythingOf(app, A, [1, 2]);
    ben = await everythingOf(app, B, [1, 2]);
    expect(ana).toContain('BEN-SHARED-ONE');
    expect(ben).toContain('ANA-SHARED-ONE');
    expect(ana).not.toContain('BEN-SHARED-TWO');
    expect(ben).not.toContain('ANA-PRIVATE-TWO');
    expect(ana).not.toContain('BEN-PRIVATE-ONE');
    // The downloads and the export hold the reader's own words only.
    const download = await (
      await app.request(`/journal/${tokenOf(lesson(A, 2), 'journal')}/download`)
    ).text();
    expect(download).not.toMatch(/BEN-/);

    // Ben unlinks, silently: what was shared is hidden from both again.
    const before = deps.sent.length;
    await app.request(`/preferences/${bToken}/partner`, form({ action: 'unlink' }));
    expect(deps.sent.length).toBe(before);
    ana = await everythingOf(app, A, [1, 2]);
    ben = await everythingOf(app, B, [1, 2]);
    expect(ana).not.toMatch(/BEN-/);
    expect(ben).not.toMatch(/ANA-/);
    expect(ana).not.toContain('Waiting for you both');
    // A share box from an older page shares nothing once unlinked.
    await write(app, A, 2, 'ANA-LATE-SHARE', true);
    const row = await deps.db
      .selectFrom('reflections')
      .select('shared')
      .where('source', '=', 'web')
      .orderBy('updated_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(row.shared).toBe(0);
  });
});
