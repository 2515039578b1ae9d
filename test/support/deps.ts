import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Config, parseConfig } from '../../src/config.ts';
import type { Course } from '../../src/course/course.ts';
import type { Courses } from '../../src/course/courses.ts';
import { openSqlite } from '../../src/db/sqlite.ts';
import type { Deps } from '../../src/deps.ts';
import type { Logger } from '../../src/log.ts';
import { type MemoryMailer, memoryMailer } from '../../src/mail/memory.ts';
import type { Mailer } from '../../src/mail/message.ts';
import { CONTENT_DIR, readCourses } from '../../src/node/deps.ts';
import { ReflectionCipher } from '../../src/reflections/cipher.ts';
import { webAddressHasher } from '../../src/subscribers/address-hash.ts';
import { TokenSigner } from '../../src/tokens/token.ts';
import { removeDir } from './temp.ts';

export const TEST_SECRET = 'test-secret-test-secret-test-secret-0123456789';
export const PUBLIC_URL = 'https://tend.test';

/** Passes mail on to `mailer`, keeping a copy of what it accepted (for the flow helpers). */
function recording(mailer: Mailer, sent: MemoryMailer['sent']): Mailer {
  return {
    name: mailer.name,
    async send(email) {
      const result = await mailer.send(email);
      if (result.ok) sent.push(email);
      return result;
    },
    async sendBatch(emails, idempotencyKey) {
      const result = await mailer.sendBatch(emails, idempotencyKey);
      if (result.ok) {
        emails.forEach((email, index) => {
          if (result.results[index]?.ok) sent.push(email);
        });
      }
      return result;
    },
  };
}

/** A clock the test moves by hand. */
export interface TestClock {
  (): Date;
  set(instant: string | Date): void;
  advance(ms: number): void;
}

export function testClock(start = '2026-03-01T12:00:00Z'): TestClock {
  let now = new Date(start);
  const clock = (() => new Date(now)) as TestClock;
  clock.set = (instant) => {
    now = new Date(instant);
  };
  clock.advance = (ms) => {
    now = new Date(now.getTime() + ms);
  };
  return clock;
}

/** Collects log lines so tests can assert what was (and was not) logged. */
export function captureLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const write =
    (level: string) =>
    (event: string, fields: Record<string, unknown> = {}) => {
      lines.push(JSON.stringify({ level, event, ...fields }));
    };
  return { lines, info: write('info'), warn: write('warn'), error: write('error') };
}

export interface TestDeps extends Deps {
  /** The first course: Rebuilding Trust unless a test gives its own courses. */
  readonly course: Course;
  readonly clock: TestClock;
  readonly sent: MemoryMailer['sent'];
  readonly log: ReturnType<typeof captureLog>;
  readonly dbPath: string;
  /** Closes the database but keeps its folder, for a test that reads or reopens the files. */
  closeDatabase(): Promise<void>;
  /** Closes the database (if still open) and removes its temporary folder. */
  close(): Promise<void>;
}

/**
 * Deps for a test: a real SQLite database in a fresh temporary folder with migrations
 * applied, the shipped course Rebuilding Trust alone (or the courses given), a hand-moved
 * clock and an in-memory mailer (or the one given).
 * Every result must be closed: `close()` also removes the folder.
 */
export async function testDeps(
  options: {
    env?: Record<string, string>;
    mailer?: Mailer;
    start?: string;
    courses?: Courses;
  } = {},
): Promise<TestDeps> {
  const dir = mkdtempSync(join(tmpdir(), 'tend-test-'));
  const dbPath = join(dir, 'tend.db');
  const config: Config = parseConfig({
    PUBLIC_URL,
    SECRET_KEY: TEST_SECRET,
    DATABASE_PATH: dbPath,
    OUTBOX_DIR: join(dir, 'outbox'),
    MAIL_FROM: 'Rebuilding Trust <hello@tend.test>',
    REPLY_DOMAIN: 'reply.tend.test',
    // The forms' rate limits are off unless a test of them turns them on.
    FORM_LIMIT_PER_CLIENT: '0',
    FORM_LIMIT_GLOBAL: '0',
    ...options.env,
  });
  const { db, close: closeSqlite } = await openSqlite(dbPath);
  let closing: Promise<void> | undefined;
  const closeDatabase = () => {
    closing ??= closeSqlite();
    return closing;
  };
  const courses = options.courses ?? rebuildingTrust();
  const memory = memoryMailer();
  const clock = testClock(options.start);
  return {
    db,
    config,
    courses,
    course: courses.all[0] as Course,
    clock,
    signer: new TokenSigner(config.secretKey),
    addressHasher: webAddressHasher(config.secretKey),
    cipher: new ReflectionCipher(config.secretKey),
    log: captureLog(),
    mailer: options.mailer ? recording(options.mailer, memory.sent) : memory,
    sent: memory.sent,
    dbPath,
    closeDatabase,
    async close() {
      try {
        await closeDatabase();
      } finally {
        removeDir(dir);
      }
    },
  };
}

let shipped: Courses | undefined;

/** The shipped course Rebuilding Trust alone, as an instance that runs only it. */
export function rebuildingTrust(): Courses {
  shipped ??= readCourses(join(CONTENT_DIR, 'rebuilding-trust'));
  return shipped;
}
