import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { outboxMailer } from '../../src/mail/outbox.ts';
import { fileOutboxStore } from '../../src/mail/outbox-files.ts';
import { post } from '../preferences/support.ts';
import { type TestDeps, testDeps } from '../support/deps.ts';
import { emailsTo, form, messageOf, runScheduler, tokenOf } from '../support/flows.ts';
import { resendTestDeps } from '../support/resend-deps.ts';
import { type ResendServer, startResendServer } from '../support/resend-server.ts';
import { tempDir } from '../support/temp.ts';

let deps: TestDeps | undefined;
let api: ResendServer | undefined;
afterEach(async () => {
  await deps?.close();
  await api?.close();
  deps = undefined;
  api = undefined;
});

/** Words that name what the course is about (issue 16's list, and the course's title). */
const TOPIC =
  /\b(trust\w*|affairs?|infidelity|unfaithful|betray\w*|cheat\w*|lies|lied|lie|lying|rebuild\w*)\b/i;

const REFLECTION = 'I told her about the affair and the lies, in my own words.';

/** An email as it reached the provider or the outbox, in the parts a reader's app shows. */
interface Delivered {
  readonly fromName: string;
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

function preheaderOf(html: string): string {
  return /<div data-skip-in-text="true"[^>]*>([^<]*)</.exec(html)?.[1]?.trim() ?? '';
}

/** Every heading of the email's own frame (h1) and, for lessons, the line above it. */
function headingsOf(html: string): string[] {
  return [...html.matchAll(/<h1[^>]*>([\s\S]*?)<\/h1>/g)].map((m) =>
    (m[1] ?? '').replace(/<[^>]+>/g, ''),
  );
}

/** The first lines of the opened email: its heading, greeting, opening line and title. */
function firstLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .slice(0, 4);
}

/** A discreet reader through the whole course: signup, check-ins, a reflection, the closing. */
async function discreetCourse(d: TestDeps, address: string) {
  const app = createApp(d);
  const signup = await app.request(
    '/subscribe',
    form({ email: address, role: 'hurt', timezone: 'UTC', send_time: '08:00', discreet: 'on' }),
  );
  expect(signup.status).toBe(303);
  const confirmation = emailsTo(d, address).at(-1);
  if (!confirmation) throw new Error('no confirmation');
  await app.request(`/confirm/${tokenOf(confirmation)}`, form({}));
  const welcome = emailsTo(d, address).find((email) => messageOf(email) === 'welcome');
  if (!welcome) throw new Error('no welcome');
  await post({ app }, tokenOf(welcome, 'preferences'), {
    action: 'checkins',
    checkin_day_2: 'on',
    checkin_time: '19:00',
  });
  await runScheduler(d, '2026-06-02T09:00:00Z', 60);
  const lesson = emailsTo(d, address).find((email) => messageOf(email) === 'lesson_1');
  if (!lesson) throw new Error('no lesson 1');
  const reflected = await app.request(
    `/reflect/${tokenOf(lesson, 'reflect')}`,
    form({ text: REFLECTION }),
  );
  expect(reflected.status).toBe(200);
  await runScheduler(d, '2026-06-13T09:00:00Z', 60);
  expect(emailsTo(d, address).map(messageOf)).toContain('closing');
}

function expectDiscreet(d: TestDeps, emails: readonly Delivered[]) {
  const { course } = d;
  // Confirmation, welcome, ten lessons, a check-in or two, the closing.
  expect(emails.length).toBeGreaterThanOrEqual(course.lessons.length + 4);
  for (const email of emails) {
    const where = email.subject;
    expect(email.fromName, where).toBe(course.discreet.senderName);
    for (const field of [email.subject, preheaderOf(email.html)]) {
      expect(field, where).not.toMatch(TOPIC);
      expect(field, where).not.toContain(course.title);
    }
    for (const line of [...headingsOf(email.html), ...firstLines(email.text)]) {
      expect(line, where).not.toMatch(TOPIC);
      expect(line, where).not.toContain(course.title);
    }
    // The neutral safety line, linking the same help page; not the one that names the topic.
    expect(email.text, where).toContain(`${course.discreet.helpText}\n\nFind help `);
    expect(email.text, where).not.toContain(course.helpText);
    expect(email.text, where).not.toMatch(/\n{3,}/);
    // What the reader wrote is in their journal, never in an email.
    expect(email.text, where).not.toContain(REFLECTION);
    expect(email.html, where).not.toContain('in my own words');
  }
  // Every course email has its own subject, so that mail apps keep them apart.
  const course_ = emails.filter((email) => course.discreet.subjects.includes(email.subject));
  expect(course_.map((email) => email.subject).sort()).toEqual(
    [...course.discreet.subjects].sort(),
  );
  const closing = emails.find((email) => email.subject === course.discreet.subjects.at(-1));
  expect(closing?.text).toMatch(/Open your journal https:\/\/tend\.test\/journal\//);
  const lessonThree = emails.find((email) => email.subject === course.discreet.subjects[3]);
  expect(firstLines(lessonThree?.text ?? '')[0]).toBe('Day 3');
  // Once past the first lines, the lesson itself is all there.
  expect(lessonThree?.text).toContain(course.lessons[2]?.title);
}

describe('discreet emails, opened', () => {
  it('name no topic in sender, subject, preheader, headings or first lines (.eml)', async () => {
    const dir = tempDir('tend-discreet-eml-');
    const holder: { clock?: () => Date } = {};
    const clock = () => (holder.clock ?? (() => new Date()))();
    const mailer = outboxMailer(fileOutboxStore(dir), clock, 'tend.test');
    const d = await testDeps({ mailer, start: '2026-06-01T10:00:00Z' });
    deps = d;
    holder.clock = d.clock;
    await discreetCourse(d, 'quiet@example.com');

    const emails: Delivered[] = [];
    for (const file of readdirSync(dir).sort()) {
      const parsed = await simpleParser(readFileSync(join(dir, file), 'utf8'));
      emails.push({
        fromName: parsed.from?.value[0]?.name ?? '',
        subject: parsed.subject ?? '',
        html: parsed.html || '',
        text: parsed.text ?? '',
      });
    }
    expectDiscreet(d, emails);
  });

  it('name no topic in the payloads sent to Resend', async () => {
    api = await startResendServer();
    const d = await resendTestDeps(api, { start: '2026-06-01T10:00:00Z' });
    deps = d;
    await discreetCourse(d, 'quiet@example.com');
    const emails = api.accepted.map((email) => ({
      fromName: /^(.*) <[^>]+>$/.exec(email.from)?.[1] ?? email.from,
      subject: email.subject,
      html: email.html ?? '',
      text: email.text ?? '',
    }));
    expectDiscreet(d, emails);
  });
});
