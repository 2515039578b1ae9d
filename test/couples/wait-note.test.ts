import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { type TestDeps, testDeps } from '../support/deps.ts';
import { emailsTo, messageOf, runScheduler } from '../support/flows.ts';
import { linkedCouple } from './support.ts';

let deps: TestDeps;
afterEach(() => deps?.close());

const A = 'ana@example.com';
const B = 'ben@example.net';
const LONDON = 'Europe/London';
const SYDNEY = 'Australia/Sydney';

/** Ana has lessons 1 and 2 alone, then Ben joins from Sydney: her lesson 3 waits for him. */
async function aheadAndBehind(ana: { discreet?: string } = {}) {
  deps = await testDeps({ start: '2027-03-23T10:00:00Z' });
  const app = createApp(deps);
  await linkedCouple(
    deps,
    { email: A, timezone: LONDON, send_time: '08:00', ...ana },
    { email: B, timezone: SYDNEY, send_time: '07:00' },
    app,
    () => runScheduler(deps, '2027-03-25T09:00:00Z', 30),
  );
  await runScheduler(deps, '2027-03-30T12:00:00Z', 30);
}

const lessonTo = (address: string, key: string) => {
  const email = emailsTo(deps, address).find((e) => messageOf(e) === key);
  if (!email) throw new Error(`no ${key} to ${address}`);
  return email;
};

/** The paragraph after "Hi Sam,": the wait's sentence when there is one. */
const greetingOf = (text: string) => /Hi Sam,\n\n([^\n]+)/.exec(text)?.[1] ?? '';

describe('a lesson that waited for the partner says why', () => {
  it('in one sentence, in that lesson only, and only to the one who waited', async () => {
    await aheadAndBehind();
    const sentence =
      'Your partner is catching up, so this lesson waited a little: you both receive lesson 3 on the same day.';
    const waited = lessonTo(A, 'lesson_3');
    expect(waited.text).toContain(`Hi Sam,\n\n${sentence}`);
    expect(waited.html).toContain(`Hi Sam,<br><br>${sentence}`);
    const later = lessonTo(A, 'lesson_4');
    expect(later.text).not.toContain('waited');
    expect(later.text).toContain('Hi Sam,\n\n');
    for (const email of emailsTo(deps, B)) {
      expect(email.text, messageOf(email)).not.toMatch(/waited|catching up/);
    }
    // Nothing else of the partner: the greeting paragraph gains that sentence and no more.
    expect(greetingOf(waited.text)).toBe(sentence);
  });

  it('without naming the topic in discreet mode', async () => {
    await aheadAndBehind({ discreet: 'on' });
    const waited = lessonTo(A, 'lesson_3');
    expect(waited.text).toContain(
      'This note waited a little, so that you both receive Day 3 on the same day.',
    );
    // The sentence is the whole greeting paragraph's addition: no topic, no partner.
    const greeting = greetingOf(waited.text);
    expect(greeting).toMatch(/^This note waited/);
    expect(greeting).not.toMatch(/partner|lesson|trust|couple/i);
  });
});
