import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { type TestDeps, testDeps } from '../support/deps.ts';
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

const closingOf = (address: string) =>
  emailsTo(deps, address).find((email) => messageOf(email) === 'closing');

describe('the closing email', () => {
  it("gathers the subscriber's own reflections, lesson by lesson, escaped", async () => {
    const app = createApp(deps);
    await subscribeAndConfirm(deps, { email: 'wrote@example.com', role: 'broke' }, app);
    await subscribeAndConfirm(deps, { email: 'silent@example.com' }, app);
    await runScheduler(deps, '2026-06-04T09:00:00Z', 30);
    const lessons = emailsTo(deps, 'wrote@example.com').filter((e) =>
      ['lesson_1', 'lesson_3'].includes(messageOf(e)),
    );
    const [first, third] = lessons.map((lesson) => tokenOf(lesson, 'reflect'));
    await app.request(
      `/reflect/${first}`,
      form({ text: 'I said it with no "but" <b>at all</b>.' }),
    );
    await app.request(
      `/reflect/${third}`,
      form({ text: 'Offered my calendar.\n\nShe said thanks.' }),
    );
    await runScheduler(deps, '2026-06-12T09:00:00Z', 30);

    const closing = closingOf('wrote@example.com');
    expect(closing).toBeDefined();
    const html = closing?.html ?? '';
    expect(html).toContain('Step 1: ');
    expect(html).toContain('I said it with no &quot;but&quot; &lt;b&gt;at all&lt;/b&gt;.');
    expect(html).not.toContain('<b>at all</b>');
    expect(html).toContain('Offered my calendar.');
    expect(html.indexOf('Step 1: ')).toBeLessThan(html.indexOf('Step 3: '));
    expect(closing?.text).toContain('> Offered my calendar.');
    expect(closing?.text).toContain(deps.course.lessons[0]?.prompts.broke);

    const silent = closingOf('silent@example.com');
    expect(silent?.text).toContain('that is fine');
    expect(silent?.text).not.toContain('Offered my calendar');
  });
});
