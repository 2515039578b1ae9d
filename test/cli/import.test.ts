import { afterEach, describe, expect, it } from 'vitest';
import { tick } from '../../src/delivery/tick.ts';
import { type TestDeps, testDeps } from '../support/deps.ts';
import { emailsTo, messageOf } from '../support/flows.ts';
import { cliEnv, csvFile, tend } from './support.ts';

let deps: TestDeps;
afterEach(() => deps.close());

const subscribers = () =>
  deps.db
    .selectFrom('enrollments')
    .innerJoin('subscribers', 'subscribers.id', 'enrollments.subscriber_id')
    .select([
      'subscribers.email',
      'subscribers.name',
      'enrollments.role',
      'enrollments.timezone',
      'enrollments.send_time',
      'enrollments.status',
      'enrollments.round',
      'enrollments.next_step',
      'enrollments.next_send_at',
    ])
    .orderBy('enrollments.id')
    .execute();

// Line numbers are the file's (the header is line 1).
const MESSY = [
  'email,name,role,timezone,send_time', // 1
  'ann@example.com,Ann,hurt,Europe/Paris,07:30', // 2
  '"bob@example.com,Bob,broke,UTC,08:00', // 3: a quote never closed
  'cat@example.com,Cat,together,Mars/Olympus,08:00', // 4
  'not-an-address,Dan,hurt,UTC,08:00', // 5
  'ANN@example.com,Ann again,hurt,UTC,08:00', // 6: the same address, other case
  '', // 7: blank lines are skipped
  'dee@example.com,"Dee ""D"" Smith",HURT,,', // 8: defaults for zone and time
  'eve@example.com,Eve,spouse,UTC,08:00', // 9
  'fay@example.com,Fay,hurt,UTC,8am', // 10
  'gus@example.com,Gus,broke,America/New_York,9:15', // 11
  'hal@exam"ple.com,Hal,hurt,UTC,08:00', // 12: a quote inside a field
  'ivy@example.com,Ivy,hurt,UTC,08:00,extra', // 13: a comma that should have been quoted
  'jo@example.com,"Jo, Jr",together,Asia/Tokyo,21:00', // 14
  'dee@example.com,Dee,hurt,UTC,08:00', // 15
  'kim@example.com,"Kim"x,hurt,UTC,08:00', // 16: text after a closing quote
  'lee@example.com,Lee,,UTC,08:00', // 17: no role: every perspective
  'may@example.com,May,hurt,UTC,25:00', // 18
].join('\r\n');

describe('tend import', () => {
  it('imports the good rows and reports every bad one with its line and reason', async () => {
    deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
    const env = cliEnv(deps);
    const file = csvFile(MESSY);
    const run = await tend(['import', file], env);
    expect(run.stderr.split('\n')).toEqual([
      'line 3: broken quoting: a quote opened on this line is never closed',
      'line 4: unknown time zone "Mars/Olympus"',
      'line 5: bad address "not-an-address"',
      'line 6: duplicate of line 2',
      'line 9: unknown role "spouse" (one of broke, hurt, together, or empty)',
      'line 10: bad time "8am" (use HH:MM, 24-hour)',
      'line 12: broken quoting: a quote inside an unquoted field (quote the whole field and double the quote)',
      'line 13: 6 fields where the header has 5 (quote a field that contains a comma)',
      'line 15: duplicate of line 8',
      'line 16: broken quoting: text after a closing quote',
      'line 18: bad time "25:00" (use HH:MM, 24-hour)',
      '',
    ]);
    expect(run.stdout).toBe(
      'imported 5, already subscribed 0, not added 0, refused 11\n' +
        'the new subscribers are pending: their confirmation emails go out at the next scheduler pass\n',
    );
    expect(run.code).toBe(2);
    expect(await subscribers()).toEqual([
      {
        email: 'ann@example.com',
        name: 'Ann',
        role: 'hurt',
        timezone: 'Europe/Paris',
        send_time: '07:30',
        status: 'pending',
        round: 0,
        next_step: 0,
        next_send_at: null,
      },
      {
        email: 'dee@example.com',
        name: 'Dee "D" Smith',
        role: 'hurt',
        timezone: 'UTC',
        send_time: '08:00',
        status: 'pending',
        round: 0,
        next_step: 0,
        next_send_at: null,
      },
      {
        email: 'gus@example.com',
        name: 'Gus',
        role: 'broke',
        timezone: 'America/New_York',
        send_time: '09:15',
        status: 'pending',
        round: 0,
        next_step: 0,
        next_send_at: null,
      },
      {
        email: 'jo@example.com',
        name: 'Jo, Jr',
        role: 'together',
        timezone: 'Asia/Tokyo',
        send_time: '21:00',
        status: 'pending',
        round: 0,
        next_step: 0,
        next_send_at: null,
      },
      {
        email: 'lee@example.com',
        name: 'Lee',
        role: null,
        timezone: 'UTC',
        send_time: '08:00',
        status: 'pending',
        round: 0,
        next_step: 0,
        next_send_at: null,
      },
    ]);

    // Pending: each has one queued confirmation, sent by the next pass.
    const queued = await deps.db
      .selectFrom('deliveries')
      .select(['message_key', 'status', 'round'])
      .execute();
    expect(queued).toEqual(Array(5).fill({ message_key: 'confirm:1', status: 'queued', round: 0 }));
    // `tend` runs on the real clock: the next pass is a minute from now.
    deps.clock.set(new Date(Date.now() + 60_000));
    await tick(deps, deps.clock());
    expect(emailsTo(deps, 'jo@example.com').map(messageOf)).toEqual(['confirm']);
    expect(deps.sent).toHaveLength(5);

    // The same file again changes nothing.
    const before = await subscribers();
    const deliveries = await deps.db.selectFrom('deliveries').selectAll().execute();
    const again = await tend(['import', file], env);
    expect(again.stdout.split('\n')[0]).toBe(
      'imported 0, already subscribed 5, not added 0, refused 11',
    );
    expect(await subscribers()).toEqual(before);
    expect(await deps.db.selectFrom('deliveries').selectAll().execute()).toEqual(deliveries);
  });

  it('--confirmed starts people at once: the welcome goes out at the next pass', async () => {
    deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
    const file = csvFile('email,role,name\nsure@example.com,together,Sure\n');
    const run = await tend(['import', file, '--confirmed'], cliEnv(deps));
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(await subscribers()).toMatchObject([
      {
        email: 'sure@example.com',
        status: 'active',
        round: 1,
        next_step: 0,
        timezone: 'UTC',
        send_time: '08:00',
      },
    ]);
    deps.clock.set(new Date(Date.now() + 60_000));
    await tick(deps, deps.clock());
    expect(emailsTo(deps, 'sure@example.com').map(messageOf)).toEqual(['welcome']);
  });

  it('never adds back an address that left or was erased, whatever its letter case', async () => {
    deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
    const now = deps.clock().toISOString();
    const base = {
      role: 'hurt',
      timezone: 'UTC',
      send_time: '08:00',
      course_id: 'rebuilding-trust',
      next_send_at: null,
      paused_until: null,
      stop_reason: null,
      created_at: now,
      confirmed_at: null,
      unsubscribed_at: null,
      updated_at: now,
    };
    const known = [
      ['Left@example.com', 'unsubscribed'],
      ['bounced@example.com', 'bounced'],
      ['spam@example.com', 'complained'],
      ['here@example.com', 'paused'],
    ] as const;
    for (const [email, status] of known) {
      const person = await deps.db
        .insertInto('subscribers')
        .values({ email, name: null, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await deps.db
        .insertInto('enrollments')
        .values({ ...base, subscriber_id: person.id, status })
        .execute();
    }
    await deps.db
      .insertInto('suppressed_addresses')
      .values({
        email_hash: await deps.addressHasher('erased@example.com'),
        reason: 'unsubscribed',
        created_at: now,
      })
      .execute();
    const file = csvFile(
      [
        'email,role',
        'left@example.com,hurt',
        'bounced@example.com,hurt',
        'spam@example.com,hurt',
        'Erased@Example.com,hurt',
        'here@example.com,broke',
        'new@example.com,hurt',
      ].join('\n'),
    );
    const run = await tend(['import', file, '--confirmed'], cliEnv(deps));
    expect(run.stdout.split('\n')[0]).toBe(
      'imported 1, already subscribed 1, not added 4, refused 0',
    );
    expect(run.stderr.split('\n').slice(0, 4)).toEqual(
      [2, 3, 4, 5].map(
        (line) =>
          `line ${line}: not added: this address unsubscribed, bounced, complained or was erased`,
      ),
    );
    expect(run.code).toBe(0);
    const rows = await subscribers();
    expect(rows.map((r) => [r.email, r.status, r.role])).toEqual([
      ['Left@example.com', 'unsubscribed', 'hurt'],
      ['bounced@example.com', 'bounced', 'hurt'],
      ['spam@example.com', 'complained', 'hurt'],
      ['here@example.com', 'paused', 'hurt'],
      ['new@example.com', 'active', 'hurt'],
    ]);
  });

  it('imports 100,000 rows in batches', async () => {
    deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
    const roles = ['broke', 'hurt', 'together'];
    const lines = ['email,name,role,timezone,send_time'];
    for (let i = 0; i < 100_000; i++)
      lines.push(`reader${i}@example.com,Reader ${i},${roles[i % 3]},Europe/Berlin,07:45`);
    const run = await tend(['import', csvFile(lines.join('\n')), '--confirmed'], cliEnv(deps));
    expect(run.stdout.split('\n')[0]).toBe(
      'imported 100000, already subscribed 0, not added 0, refused 0',
    );
    for (const table of ['subscribers', 'enrollments'] as const) {
      const count = await deps.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(count.n), table).toBe(100_000);
    }
  }, 120_000);

  it('draws a progress bar on stderr only when it is a terminal', async () => {
    deps = await testDeps();
    const file = csvFile(
      ['email,role', ...Array.from({ length: 3000 }, (_, i) => `p${i}@example.com,hurt`)].join(
        '\n',
      ),
    );
    const tty = await tend(['import', file], cliEnv(deps), { tty: true });
    expect(tty.stderr).toContain('importing [');
    expect(tty.stderr).toContain('100%');
    expect(tty.stdout).not.toContain('\r');
    const piped = await tend(['import', file], cliEnv(deps));
    expect(piped.stderr).toBe('');
  });

  it('refuses a file it cannot use with one line and status 1', async () => {
    deps = await testDeps();
    const env = cliEnv(deps);
    const cases: [string[], string][] = [
      [['import'], 'tend: import: give one CSV file (tend import FILE.csv [--confirmed])'],
      [
        ['import', '/nonexistent/people.csv'],
        'tend: import: cannot read /nonexistent/people.csv: no such file',
      ],
      [
        ['import', csvFile('ann@example.com,hurt\n')],
        'tend: import: line 1: the first line must be a header naming the columns (email, name, role, timezone, send_time)',
      ],
      [['import', csvFile('mail,role\n')], 'tend: import: line 1: the header has no email column'],
      [
        ['import', csvFile('email,role,email\n')],
        'tend: import: line 1: the column "email" appears twice',
      ],
      [
        ['import', csvFile('')],
        'tend: import: the file is empty: the first line must name the columns',
      ],
      [
        ['import', csvFile('"email,role\nx@example.com,hurt\n')],
        'tend: import: line 1: the header is not readable: broken quoting: a quote opened on this line is never closed',
      ],
      [['import', 'a.csv', '--confirm'], "tend: import: Unknown option '--confirm'"],
    ];
    for (const [argv, message] of cases) {
      const run = await tend(argv, env);
      expect(run.code, argv.join(' ')).toBe(1);
      expect(run.stderr, argv.join(' ')).toBe(`${message}\n`);
      expect(run.stdout).toBe('');
    }
    expect(await subscribers()).toEqual([]);
  });
});
