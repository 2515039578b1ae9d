import { afterEach, describe, expect, it } from 'vitest';
import { previewMessages } from '../../src/admin/previews.ts';
import { discreetSubject } from '../../src/course/course.ts';
import { roleChoices, roleLabel, roleSlug } from '../../src/course/roles.ts';
import type { TestDeps } from '../support/deps.ts';
import { adminDeps, get, post, signedInApp } from './support.ts';

let deps: TestDeps;
afterEach(() => deps.close());

const decodeEntities = (html: string) =>
  html
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');

describe('email previews', () => {
  it('switches reader and version from labelled choices that mark the one shown', async () => {
    deps = await adminDeps();
    const { app, cookie } = await signedInApp(deps);
    const html = await (
      await app.request(
        '/admin/previews/rebuilding-trust/lesson-2?role=hurt&discreet=1',
        get(cookie),
      )
    ).text();
    expect(html).toContain('<nav class="switcher" aria-label="Versions of this email">');
    expect(html).toContain(
      `<a class="pill" href="/admin/previews/rebuilding-trust/lesson-2?role=hurt&amp;discreet=1" aria-current="page">${roleLabel(deps.course, 'hurt')}</a>`,
    );
    expect(html).toContain(
      `<a class="pill" href="/admin/previews/rebuilding-trust/lesson-2?role=broke&amp;discreet=1">${roleLabel(deps.course, 'broke')}</a>`,
    );
    expect(html).toContain(
      '<a class="pill" href="/admin/previews/rebuilding-trust/lesson-2?role=hurt">Plain</a>',
    );
    expect(html).toContain(
      '<a class="pill" href="/admin/previews/rebuilding-trust/lesson-2?role=hurt&amp;discreet=1" aria-current="page">Discreet</a>',
    );
    expect(html.match(/aria-current="page"/g)).toHaveLength(2);
    // Tables scroll inside a named box instead of widening the page on a phone.
    expect(html).toContain(
      '<section class="table-scroll" aria-label="Sender and subject" tabindex="0">',
    );
    expect(
      (await app.request('/admin/previews/rebuilding-trust/nothing', get(cookie))).status,
    ).toBe(404);
  });

  it('shows every email for every role, plain and discreet, in a sandboxed frame with its text', async () => {
    deps = await adminDeps();
    const { app, cookie } = await signedInApp(deps);
    const messages = previewMessages(deps.course);
    expect(messages.map((m) => m.slug)).toEqual([
      'confirm',
      'welcome',
      ...deps.course.lessons.map((l) => `lesson-${l.step}`),
      'closing',
      'checkin',
      'saved',
      'partner-held',
    ]);
    const index = await (await app.request('/admin/previews', get(cookie))).text();
    let pages = 0;
    for (const message of messages) {
      for (const role of roleChoices(deps.course)) {
        for (const discreet of [false, true]) {
          const path = `/admin/previews/rebuilding-trust/${message.slug}?role=${roleSlug(role)}${discreet ? '&discreet=1' : ''}`;
          expect(index).toContain(`href="${path.replace('&', '&amp;')}"`);
          const response = await app.request(path, get(cookie));
          expect(response.status, path).toBe(200);
          const csp = response.headers.get('content-security-policy') ?? '';
          expect(csp).toContain("style-src 'self' 'unsafe-inline'");
          expect(csp).toContain("default-src 'none'");
          expect(csp).not.toContain('script');
          const html = await response.text();
          expect(html, path).toContain('<iframe class="email"');
          expect(html, path).toContain('sandbox=""');
          const srcdoc = /srcdoc="([^"]*)"/.exec(html)?.[1] ?? '';
          expect(decodeEntities(srcdoc), path).toMatch(/^<!DOCTYPE html/i);
          // The confirmation greets no one by name (issue 14.5); the others greet Sam.
          expect(html, path).toMatch(
            message.slug === 'confirm'
              ? /<pre class="email"[^>]*>[^<]*Hello,/
              : /<pre class="email"[^>]*>[^<]*Sam/,
          );
          expect(html, path).not.toContain('cannot be shown');
          if (discreet && message.slug.startsWith('lesson-')) {
            const step = Number(message.slug.slice('lesson-'.length));
            const subject = discreetSubject(deps.course, step);
            expect(html).toContain(`<th>Subject</th><td>${subject}</td>`);
          }
          pages++;
        }
      }
    }
    expect(pages).toBe(messages.length * 8); // three roles and none, plain and discreet
    expect(
      (await app.request('/admin/previews/rebuilding-trust/lesson-99', get(cookie))).status,
    ).toBe(404);
  });

  it('sends a test of any email to a typed address, now, without creating a subscriber', async () => {
    deps = await adminDeps();
    const { app, cookie } = await signedInApp(deps);
    const send = () =>
      app.request(
        '/admin/previews/rebuilding-trust/lesson-2/test',
        post({ to: 'me@example.com', role: 'broke', discreet: '1' }, { cookie }),
      );
    const first = await send();
    expect(first.status).toBe(200);
    expect(await first.text()).toContain('Test sent to me@example.com.');
    await send();
    expect(deps.sent).toHaveLength(2);
    const [a, b] = deps.sent;
    expect(a?.to).toBe('me@example.com');
    expect(a?.subject).toBe(`[Test] ${discreetSubject(deps.course, 2)}`);
    expect(a?.idempotencyKey).toMatch(/^tend-test-/);
    expect(b?.idempotencyKey).not.toBe(a?.idempotencyKey);
    expect(a?.text).toContain(deps.course.lessons[1]?.prompts.broke ?? 'missing prompt');
    expect(await deps.db.selectFrom('subscribers').selectAll().execute()).toEqual([]);
    expect(await deps.db.selectFrom('deliveries').selectAll().execute()).toEqual([]);

    const welcome = await app.request(
      '/admin/previews/rebuilding-trust/welcome/test',
      post({ to: 'me@example.com' }, { cookie }),
    );
    expect(welcome.status).toBe(200);
    expect(deps.sent[2]?.subject).toBe(`[Test] ${deps.course.welcome.subject}`);

    const bad = await app.request(
      '/admin/previews/rebuilding-trust/welcome/test',
      post({ to: 'not an address' }, { cookie }),
    );
    expect(bad.status).toBe(400);
    expect(deps.sent).toHaveLength(3);
  });
});
