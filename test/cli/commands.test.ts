import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { previewVariants } from '../../src/admin/previews.ts';
import { COMMANDS } from '../../src/cli/main.ts';
import { discreetSubject } from '../../src/course/course.ts';
import { type TestDeps, testDeps } from '../support/deps.ts';
import {
  emailsTo,
  form,
  messageOf,
  runScheduler,
  subscribeAndConfirm,
  tokenOf,
} from '../support/flows.ts';
import { tempDir } from '../support/temp.ts';
import { cliEnv, csvFile, tend } from './support.ts';

let deps: TestDeps;
afterEach(() => deps.close());

const PHRASE = 'quince-harbour-902 what I wrote';

/** Two readers, one of whom wrote a reflection on lesson 1 and then left. */
async function world() {
  deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
  const a = await subscribeAndConfirm(deps, {
    email: 'ann@example.com',
    name: '=HYPERLINK("x")',
    role: 'broke',
  });
  await subscribeAndConfirm(deps, {
    email: 'bob@example.com',
    name: 'Bob, Jr',
    role: 'together',
    timezone: 'Asia/Tokyo',
  });
  await runScheduler(deps, '2026-06-02T09:00:00Z', 30);
  const lesson = emailsTo(deps, 'ann@example.com').find((e) => messageOf(e) === 'lesson_1');
  if (!lesson) throw new Error('no lesson 1');
  await a.app.request(`/reflect/${tokenOf(lesson, 'reflect')}`, form({ text: PHRASE }));
  await a.app.request(`/unsubscribe/${tokenOf(lesson)}`, form({}));
}

describe('tend export', () => {
  it('writes every subscriber as CSV, with counts and never what they wrote', async () => {
    await world();
    const run = await tend(['export'], cliEnv(deps));
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'email,name,role,timezone,send_time,status,created_at,confirmed_at,lessons_sent,reflections',
    );
    expect(lines[1]).toBe(
      `ann@example.com,"'=HYPERLINK(""x"")",broke,UTC,08:00,unsubscribed,2026-06-01T10:00:00.000Z,2026-06-01T10:00:00.000Z,1,1`,
    );
    expect(lines[2]).toMatch(
      /^bob@example\.com,"Bob, Jr",together,Asia\/Tokyo,08:00,active,.*,1,0$/,
    );
    expect(lines).toHaveLength(3);
    expect(run.stdout).not.toContain('quince-harbour-902');
  });

  it('defuses a formula in any column, the address included', async () => {
    deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
    await subscribeAndConfirm(deps, { email: '-2+3@example.com', name: '+SUM(A1)' });
    const run = await tend(['export'], cliEnv(deps));
    expect(run.stdout.trimEnd().split('\n')[1]).toMatch(/^'-2\+3@example\.com,'\+SUM\(A1\),hurt,/);
  });

  it('exports a file that imports elsewhere as the same people', async () => {
    await world();
    const exported = (await tend(['export'], cliEnv(deps))).stdout;
    const source = deps;
    onTestFinished(() => source.close());
    deps = await testDeps();
    const run = await tend(['import', csvFile(exported)], cliEnv(deps));
    expect(run.stderr).toContain(
      'note: ignored the columns status, created_at, confirmed_at, lessons_sent, reflections',
    );
    expect(run.stdout.split('\n')[0]).toBe(
      'imported 2, already subscribed 0, not added 0, refused 0',
    );
    const rows = await deps.db
      .selectFrom('subscribers')
      .select(['email', 'role', 'timezone'])
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { email: 'ann@example.com', role: 'broke', timezone: 'UTC' },
      { email: 'bob@example.com', role: 'together', timezone: 'Asia/Tokyo' },
    ]);
  });
});

describe('tend stats', () => {
  it("prints the overview and the funnel, and no one's words", async () => {
    await world();
    const run = await tend(['stats'], cliEnv(deps));
    expect(run.code).toBe(0);
    const text = run.stdout;
    expect(text).toMatch(/^Subscribers \(2\)\n/);
    expect(text).toMatch(/\n {2}active +1\n/);
    expect(text).toMatch(/\n {2}unsubscribed +1\n/);
    expect(text).toMatch(/\n {2}welcome +2 +0 +0 +0 +0 +0\n/);
    expect(text).toMatch(/\n {2}lesson:1 +2 +0 +0 +0 +1 +1\n/);
    expect(text).not.toContain('quince-harbour-902');
    expect(text).not.toContain('ann@example.com');
  });
});

describe('tend preview', () => {
  it("writes every email's HTML and text for every role, plain and discreet", async () => {
    deps = await testDeps();
    const out = join(tempDir('tend-preview-'), 'emails');
    const run = await tend(['preview', '--out', out], cliEnv(deps));
    expect(run.code).toBe(0);
    const variants = previewVariants(deps.course);
    expect(run.stdout).toBe(`wrote ${variants.length * 2} files to ${out}\n`);
    expect(readdirSync(out)).toEqual([deps.course.id]);
    const folder = join(out, deps.course.id);
    const files = readdirSync(folder).sort();
    expect(files).toHaveLength(variants.length * 2);
    expect(files).toContain('lesson-3-together-discreet.html');
    expect(files).toContain('confirm-broke.txt');
    const discreet = readFileSync(join(folder, 'lesson-3-together-discreet.txt'), 'utf8');
    expect(discreet.split('\n')[0]).toBe(`Subject: ${discreetSubject(deps.course, 3)}`);
    expect(readFileSync(join(folder, 'welcome-hurt.html'), 'utf8')).toMatch(/^<!DOCTYPE html/i);
  });

  it('writes to ./data/preview by default', async () => {
    deps = await testDeps();
    const cwd = tempDir('tend-cwd-');
    const run = await tend(['preview'], cliEnv(deps), { cwd });
    expect(run.stdout).toMatch(/ to data\/preview\n$/);
    expect(readdirSync(join(cwd, 'data', 'preview')).length).toBeGreaterThan(0);
  });
});

describe('tend send-test', () => {
  it('sends the welcome, or a lesson, marked [Test], to the outbox, creating no subscriber', async () => {
    deps = await testDeps();
    const env = cliEnv(deps);
    const welcome = await tend(['send-test', '--to', 'me@example.com', '--role', 'hurt'], env);
    expect(welcome.code).toBe(0);
    expect(welcome.stdout).toBe('sent "Welcome" (hurt) to me@example.com through outbox\n');
    const lesson = await tend(
      ['send-test', '--to', 'me@example.com', '--lesson', '4', '--role', 'broke', '--discreet'],
      env,
    );
    expect(lesson.code).toBe(0);
    const files = readdirSync(env.OUTBOX_DIR ?? '');
    expect(files).toHaveLength(2);
    const emls = files.map((file) => readFileSync(join(env.OUTBOX_DIR ?? '', file), 'utf8'));
    expect(emls.some((eml) => eml.includes(`Subject: [Test] ${deps.course.welcome.subject}`))).toBe(
      true,
    );
    expect(
      emls.some((eml) => eml.includes(`Subject: [Test] ${discreetSubject(deps.course, 4)}`)),
    ).toBe(true);
    expect(emls.every((eml) => /^To: me@example\.com/m.test(eml))).toBe(true);
    expect(await deps.db.selectFrom('subscribers').selectAll().execute()).toEqual([]);
  });

  it('says what is wrong with its arguments in one line', async () => {
    deps = await testDeps();
    const env = cliEnv(deps);
    const cases: [string[], string][] = [
      [['send-test'], 'tend: send-test: --to ADDRESS is required'],
      [['send-test', '--to', 'nobody'], 'tend: send-test: not an email address: nobody'],
      [
        ['send-test', '--to', 'me@example.com', '--lesson', '99'],
        'tend: send-test: --lesson: the course has lessons 1 to 10',
      ],
      [
        ['send-test', '--to', 'me@example.com', '--lesson', 'two'],
        'tend: send-test: --lesson: not a lesson number: two',
      ],
      [
        ['send-test', '--to', 'me@example.com', '--role', 'boss'],
        'tend: send-test: --role: one of broke, hurt, together, anyone',
      ],
      [['send-test', '--to'], "tend: send-test: Option '--to <value>' argument missing"],
    ];
    for (const [argv, message] of cases) {
      const run = await tend(argv, env);
      expect(run.code, argv.join(' ')).toBe(1);
      expect(run.stderr, argv.join(' ')).toBe(`${message}\n`);
    }
  });
});

describe('tend help', () => {
  it('every command has --help, and an unknown command is one line and status 1', async () => {
    deps = await testDeps();
    const env = cliEnv(deps);
    const usage = await tend([], env);
    for (const command of COMMANDS) {
      expect(usage.stdout).toContain(`  ${command.name} `);
      const help = await tend([command.name, '--help'], env);
      expect(help.code, command.name).toBe(0);
      expect(help.stdout, command.name).toMatch(new RegExp(`^Usage: tend ${command.name}`));
      expect((await tend(['help', command.name], env)).stdout).toBe(help.stdout);
    }
    const unknown = await tend(['frobnicate'], env);
    expect(unknown).toEqual({
      code: 1,
      stdout: '',
      stderr: 'tend: unknown command "frobnicate" (try: tend help)\n',
    });
  });
});
