import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmailComposer } from '../../src/mail/compose.ts';
import type { TestDeps } from '../support/deps.ts';
import { testDeps } from '../support/deps.ts';
import { emailsTo, form, messageOf, runScheduler, tokenOf } from '../support/flows.ts';
import { enroll, post, settingsForm } from './support.ts';

let deps: TestDeps;
beforeEach(async () => {
  // Monday 1 June 2026, noon in Madrid.
  deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
});
afterEach(() => deps.close());

const madrid = { email: 'sam@example.com', timezone: 'Europe/Madrid', send_time: '07:30' };

/** Where each text first appears in the page, asserting that it does. */
function positions(html: string, texts: readonly string[]): number[] {
  return texts.map((text) => {
    const at = html.indexOf(text);
    expect(at, text).toBeGreaterThan(-1);
    return at;
  });
}

describe('the preferences page', () => {
  it('puts time, days and break first, then the journal, check-ins, and leaving last', async () => {
    const reader = await enroll(deps, madrid);
    const html = await (await reader.app.request(`/preferences/${reader.token}`)).text();
    const order = positions(html, [
      'Lesson 1 of 10 arrives on Tuesday 2 June, 07:30 Madrid time.',
      '<h2>When emails arrive</h2>',
      'id="send_time"',
      '<legend>Days lessons may arrive</legend>',
      'id="timezone"',
      '<h3>About you</h3>',
      '<h2>Take a break</h2>',
      '<a href="/journal">Open your journal</a>',
      '<section class="card" id="checkins">',
      '<h2>Start again</h2>',
      '<section class="leave" id="leave"',
      'value="unsubscribe"',
      'value="export"',
      'value="erase"',
    ]);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // Leaving and erasing are in the one section at the end, and nowhere else.
    const leave = html.indexOf('<section class="leave"');
    expect(html.slice(0, leave)).not.toContain('value="unsubscribe"');
    expect(html.slice(0, leave)).not.toContain('value="erase"');
    expect(html.slice(leave)).not.toContain('value="settings"');
  });

  it('offers weekdays as compact chips with their full names for screen readers', async () => {
    const reader = await enroll(deps, madrid);
    const html = await (await reader.app.request(`/preferences/${reader.token}`)).text();
    expect(html.match(/<div class="chips">/g)).toHaveLength(2);
    expect(html).toContain(
      '<label class="chip"><input type="checkbox" name="send_day_1" checked=""/><span aria-hidden="true">Mon</span><span class="visually-hidden">Monday</span></label>',
    );
    expect(html).toContain('name="checkin_day_7"/><span aria-hidden="true">Sun</span>');
  });

  it('ties errors to their fields', async () => {
    const reader = await enroll(deps, madrid);
    const bad = settingsForm({ timezone: 'Mars/Olympus', send_time: '7am', days: '' });
    const { status, html } = await post(reader, reader.token, bad);
    expect(status).toBe(400);
    expect(html).toMatch(
      /id="send_time"[^>]*aria-invalid="true" aria-describedby="send_time-error"/,
    );
    expect(html).toContain('<p class="error" id="send_time-error">');
    expect(html).toContain('<fieldset aria-invalid="true" aria-describedby="send_days-error">');
    expect(html).toMatch(/<select id="timezone" name="timezone" aria-invalid="true"/);
    const early = await post(reader, reader.token, { action: 'break', until: '2026-05-01' });
    expect(early.html).toMatch(/id="until"[^>]*aria-invalid="true" aria-describedby="until-error"/);
    expect(early.html).toContain(
      'Please choose a date between Tuesday 2 June and Wednesday 2 June 2027, or leave it empty.',
    );
  });

  it('says dates in words on the reader clock, never ISO', async () => {
    const reader = await enroll(deps, madrid);
    const { html } = await post(reader, reader.token, { action: 'break', until: '2026-12-28' });
    expect(html).toContain(
      'You are on a break until Monday 28 December, 07:30 Madrid time. Your place in the course',
    );
    expect(html).not.toMatch(/\b2026-\d\d-\d\d/);
  });
});

describe('check-in links in emails', () => {
  it('open the check-in section of the preferences page', async () => {
    const composer = new EmailComposer({
      course: deps.course,
      publicUrl: deps.config.publicUrl,
      mailFrom: deps.config.mailFrom,
      replyDomain: deps.config.replyDomain,
    });
    const subscriber = {
      email: 'a@example.com',
      name: 'Sam',
      role: 'hurt',
      discreet: false,
    } as const;
    for (const message_key of ['closing', 'checkin:2026-06-07']) {
      const email = await composer.compose({
        subscriber,
        delivery: { id: 1, messageKey: message_key, tokenId: 'id' },
        tokens: { preferences: 'tok' },
        recap: { html: '', text: '' },
      });
      expect(email.html, message_key).toContain(
        'href="https://tend.test/preferences/tok#checkins"',
      );
      expect(email.text, message_key).toContain('https://tend.test/preferences/tok#checkins');
    }
  });
});

describe('the journal', () => {
  it('dates each entry in words on the reader clock, on the page and in the download', async () => {
    await enroll(deps, madrid);
    await runScheduler(deps, '2026-06-02T06:00:00Z', 30);
    const lesson = emailsTo(deps, madrid.email).find((email) => messageOf(email) === 'lesson_1');
    const token = tokenOf(lesson as never, 'reflect');
    const journalToken = tokenOf(lesson as never, 'journal');
    const app = (await import('../../src/app.ts')).createApp(deps);
    await app.request(`/reflect/${token}`, form({ text: 'A first line.\nA second line.' }));
    const written = 'Tuesday 2 June, 08:00 your time, on the web';
    const journal = await (await app.request(`/journal/${journalToken}`)).text();
    expect(journal).toContain(written);
    expect(journal).not.toContain('2026-06-02');
    const reflect = await (await app.request(`/reflect/${token}`)).text();
    expect(reflect).not.toContain('2026-06-02');
    const markdown = await (await app.request(`/journal/${journalToken}/download`)).text();
    expect(markdown).toContain(`*${written}*`);
  });
});
