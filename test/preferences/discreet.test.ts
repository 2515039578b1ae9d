import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { discreetSubject } from '../../src/course/course.ts';
import type { OutgoingEmail } from '../../src/mail/message.ts';
import { outboxMailer } from '../../src/mail/outbox.ts';
import { fileOutboxStore } from '../../src/mail/outbox-files.ts';
import { type TestDeps, testDeps } from '../support/deps.ts';
import { emailsTo, form, messageOf, runScheduler, tokenOf } from '../support/flows.ts';
import { tempDir } from '../support/temp.ts';
import { post, settingsForm } from './support.ts';

let deps: TestDeps;
afterEach(() => deps?.close());

/** Words that would tell someone glancing at an inbox what these emails are about. */
const TOPIC =
  /\b(trust\w*|rebuild\w*|affairs?|betray\w*|relationships?|partners?|couples?|infidelity|cheat\w*|lies|lied|lessons?|steps?|course|check-ins?|reflect\w*|journal)\b/i;

/** The inbox preview line: the hidden preheader that opens every email's HTML. */
function preheaderOf(email: OutgoingEmail): string {
  const match = /<div data-skip-in-text="true"[^>]*>([^<]*)</.exec(email.html);
  if (!match?.[1]) throw new Error(`no preheader in "${email.subject}"`);
  return match[1].trim();
}

/** Everything an inbox shows, or a curious look at the headers reveals, before opening. */
function beforeOpening(email: OutgoingEmail): string[] {
  return [
    email.from,
    email.subject,
    preheaderOf(email),
    email.replyTo ?? '',
    ...Object.entries(email.headers).map(([name, value]) => `${name}: ${value}`),
  ];
}

async function signUpDiscreetly(app = createApp(deps), address = 'quiet@example.com') {
  const response = await app.request(
    '/subscribe',
    form({ email: address, role: 'hurt', timezone: 'UTC', send_time: '08:00', discreet: 'on' }),
  );
  expect(response.status).toBe(303);
  const confirmation = emailsTo(deps, address).at(-1);
  if (!confirmation) throw new Error('no confirmation');
  await app.request(`/confirm/${tokenOf(confirmation)}`, form({}));
  return { app, address };
}

describe('discreet mode', () => {
  it('chosen at signup: neutral sender, subject and preheader on every email, body unchanged', async () => {
    deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
    const { app, address } = await signUpDiscreetly();
    const welcome = emailsTo(deps, address).find((email) => messageOf(email) === 'welcome');
    if (!welcome) throw new Error('no welcome');
    await post({ app }, tokenOf(welcome, 'preferences'), {
      action: 'checkins',
      checkin_day_2: 'on',
      checkin_time: '19:00',
    });
    await runScheduler(deps, '2026-06-02T20:00:00Z', 60); // lesson 1 and Tuesday's check-in

    const { discreet, checkins, lessons } = deps.course;
    const emails = emailsTo(deps, address);
    expect(emails.map(messageOf)).toEqual(['confirm', 'welcome', 'lesson_1', 'checkin']);
    for (const email of emails) {
      expect(email.from).toBe(`${discreet.senderName} <hello@tend.test>`);
      for (const field of beforeOpening(email)) expect(field).not.toMatch(TOPIC);
    }
    const [confirm, welcomeEmail, lesson, checkin] = emails;
    expect(confirm?.subject).toBe('Please confirm your email address');
    expect(welcomeEmail?.subject).toBe(discreetSubject(deps.course, 0));
    expect(lesson?.subject).toBe(discreetSubject(deps.course, 1));
    expect(lesson?.subject).not.toBe(welcomeEmail?.subject);
    expect(checkin?.subject).toBe(checkins.discreetSubject);
    for (const email of [welcomeEmail, lesson, checkin]) {
      if (!email) throw new Error('missing email');
      expect(preheaderOf(email)).toBe(discreet.preheader);
    }
    // Once opened, the course itself follows a neutral opening.
    expect(lesson?.text).toContain(lessons[0]?.title);
    expect(checkin?.text).toContain(checkins.questions[0]);
  });

  it('switched on in preferences: the next email is discreet (and was not before)', async () => {
    deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
    const app = createApp(deps);
    await app.request(
      '/subscribe',
      form({ email: 'open@example.com', role: 'hurt', timezone: 'UTC', send_time: '08:00' }),
    );
    const confirmation = emailsTo(deps, 'open@example.com').at(-1);
    await app.request(`/confirm/${tokenOf(confirmation as OutgoingEmail)}`, form({}));
    await runScheduler(deps, '2026-06-02T09:00:00Z', 60);
    const plain = emailsTo(deps, 'open@example.com').find((e) => messageOf(e) === 'lesson_1');
    if (!plain) throw new Error('no lesson 1');
    // The check above would catch an ordinary email.
    expect(beforeOpening(plain).some((field) => TOPIC.test(field))).toBe(true);

    const saved = await post(
      { app },
      tokenOf(plain, 'preferences'),
      settingsForm({ timezone: 'UTC', send_time: '08:00' }, { discreet: 'on' }),
    );
    expect(saved.status).toBe(200);
    await runScheduler(deps, '2026-06-03T09:00:00Z', 60);
    const next = emailsTo(deps, 'open@example.com').find((e) => messageOf(e) === 'lesson_2');
    if (!next) throw new Error('no lesson 2');
    expect(next.subject).toBe(discreetSubject(deps.course, 2));
    for (const field of beforeOpening(next)) expect(field).not.toMatch(TOPIC);
  });

  it('holds on the real .eml written by the outbox', async () => {
    const dir = tempDir('tend-discreet-');
    const holder: { clock?: () => Date } = {};
    const clock = () => (holder.clock ?? (() => new Date()))();
    const mailer = outboxMailer(fileOutboxStore(dir), clock, 'tend.test');
    deps = await testDeps({ mailer, start: '2026-06-01T10:00:00Z' });
    holder.clock = deps.clock;
    await signUpDiscreetly();
    await runScheduler(deps, '2026-06-02T09:00:00Z', 60);

    const files = readdirSync(dir).sort();
    expect(files).toHaveLength(3); // confirmation, welcome, lesson 1
    for (const file of files) {
      const raw = readFileSync(join(dir, file), 'utf8');
      const head = raw.slice(0, raw.indexOf('\r\n\r\n'));
      const visible = head
        .split('\r\n')
        .filter((line) => !/^(To|Message-ID|Content-Type|MIME-Version|Date):/i.test(line));
      for (const line of visible) expect(line, file).not.toMatch(TOPIC);
      const parsed = await simpleParser(raw);
      expect(parsed.from?.value[0]?.name).toBe(deps.course.discreet.senderName);
      if (head.includes('List-Unsubscribe:')) {
        expect(deps.course.discreet.subjects).toContain(parsed.subject);
        expect(parsed.html || '').toContain(deps.course.discreet.preheader);
        expect(parsed.html || '').not.toContain(deps.course.welcome.preheader);
      }
    }
  });
});
