import { afterEach, describe, expect, it } from 'vitest';
import { previewVariants } from '../../src/admin/previews.ts';
import type { TestDeps } from '../support/deps.ts';
import {
  emailsTo,
  form,
  messageOf,
  runScheduler,
  subscribeAndConfirm,
  tokenOf,
} from '../support/flows.ts';
import { adminDeps, get, post, signedInApp } from './support.ts';

let deps: TestDeps;
afterEach(() => deps.close());

const PHRASE = 'zebra-lantern-417 I never told anyone';

describe('what the console never shows', () => {
  it('no page of the console shows reflection text or a link token', async () => {
    deps = await adminDeps();
    const reader = await subscribeAndConfirm(deps, { email: 'private@example.com', name: 'Robin' });
    await runScheduler(deps, '2026-06-02T09:00:00Z', 30);
    const lesson = emailsTo(deps, 'private@example.com').find((e) => messageOf(e) === 'lesson_1');
    if (!lesson) throw new Error('no lesson 1');
    const token = tokenOf(lesson, 'reflect');
    const saved = await reader.app.request(`/reflect/${token}`, form({ text: PHRASE }));
    expect(saved.status).toBe(200);
    expect(await deps.db.selectFrom('reflections').selectAll().execute()).toHaveLength(1);
    // Every token of every email: each link's, and the Reply-To address's.
    const tokens = emailsTo(deps, 'private@example.com').flatMap((email) => [
      ...[...email.text.matchAll(/\/[a-z]+\/([a-z2-7]{52})/g)].map((m) => m[1] ?? ''),
      ...(email.replyTo ? [tokenOf(email, 'reply')] : []),
    ]);

    const { app, cookie } = await signedInApp(deps);
    const id = (await deps.db.selectFrom('subscribers').select('id').executeTakeFirstOrThrow()).id;
    const paths = [
      '/admin',
      '/admin/funnel',
      '/admin/subscribers',
      `/admin/subscribers/${id}`,
      '/admin/previews',
      ...previewVariants(deps.course).map(
        (v) =>
          `/admin/previews/${v.course.id}/${v.message.slug}?role=${v.role}${v.discreet ? '&discreet=1' : ''}`,
      ),
    ];
    const pages: string[] = [];
    for (const path of paths) {
      const response = await app.request(path, get(cookie));
      expect(response.status, path).toBe(200);
      pages.push(await response.text());
    }
    pages.push(
      await (await app.request(`/admin/subscribers/${id}/pause`, post({}, { cookie }))).text(),
    );
    pages.push(
      await (await app.request(`/admin/subscribers/${id}/erase`, post({}, { cookie }))).text(),
    );

    const subscriberPage = pages[3] ?? '';
    expect(subscriberPage).toContain('<th>Reflections written</th><td>1</td>');
    for (const [index, html] of pages.entries()) {
      expect(html, paths[index]).not.toContain('zebra-lantern-417');
      for (const t of tokens) expect(html, paths[index]).not.toContain(t);
    }
  });
});
