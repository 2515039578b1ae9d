import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Course } from '../course/course.ts';
import { suppressedAddressCount } from '../db/admin-stats.ts';
import { IMPORT_BATCH, type ImportCandidate, importSubscriberBatch } from '../db/imports.ts';
import type { Deps } from '../deps.ts';
import { nodeAddressHasher } from '../node/address-hasher.ts';
import { nodeDeps } from '../node/deps.ts';
import { newTokenId } from '../tokens/token.ts';
import { courseOption } from './course-option.ts';
import { readCsv } from './csv-records.ts';
import {
  IMPORT_COLUMNS,
  ImportFileError,
  type ImportRow,
  ImportRowChecker,
} from './import-rows.ts';
import { CliError, type CliIo, type Command, parseOrExplain, quietLog } from './io.ts';
import { type Progress, progressBar } from './progress.ts';

export interface ImportReport {
  /** Rows that were not imported because something is wrong with them, in line order. */
  readonly problems: readonly { line: number; reason: string }[];
  /** Lines of rows whose address left (unsubscribed, bounced, complained) or was erased. */
  readonly stopped: readonly number[];
  readonly imported: number;
  readonly present: number;
  readonly ignoredColumns: readonly string[];
}

export const importCommand: Command = {
  name: 'import',
  summary: 'add subscribers from a CSV file',
  help: `Usage: tend import FILE.csv [--confirmed] [--course ID]

Adds subscribers to a course (--course ID; needed when there are several) from a CSV file
whose first line names the columns:
  ${IMPORT_COLUMNS.join(', ')}   (only email is required)
role is one of the course's role ids, or empty (no role: every perspective). An empty
timezone means DEFAULT_TIMEZONE, an empty send_time the course's send time. A row with a bad address, an unknown role or time zone, a bad time, broken
quoting or an address already seen in the file is reported with its line number and skipped;
the rest are imported. Importing the same file again changes nothing: addresses already
subscribed are left as they are, and an address that unsubscribed, bounced, complained or
was erased is never added back.

Options:
  --confirmed   the people agreed elsewhere: start them at once (the welcome goes out at
                the next scheduler pass). Without it they are pending, and each gets a
                confirmation email at the next pass.

Exit status: 0 when every row was imported or already there, 2 when some rows were
refused (reported on stderr), 1 when the file could not be imported at all.`,
  async run(args, io) {
    const { values, positionals } = parseOrExplain('import', () =>
      parseArgs({
        args,
        options: {
          confirmed: { type: 'boolean' },
          course: { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
        allowPositionals: true,
      }),
    );
    if (values.help) {
      await io.out(`${this.help}\n`);
      return 0;
    }
    const [file, ...extra] = positionals;
    if (!file || extra.length > 0) {
      throw new CliError('import: give one CSV file (tend import FILE.csv [--confirmed])');
    }
    let input: Buffer;
    try {
      input = readFileSync(resolve(io.cwd, file));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new CliError(
        `import: cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
      );
    }
    const confirmed = values.confirmed ?? false;
    const { deps, close } = await nodeDeps(io.env, { log: quietLog });
    let report: ImportReport;
    try {
      const course = courseOption(deps, 'import', values.course);
      report = await importCsv(deps, input, { confirmed, course, io });
    } catch (error) {
      if (error instanceof ImportFileError) throw new CliError(`import: ${error.message}`);
      throw error;
    } finally {
      await close();
    }
    for (const problem of report.problems)
      io.err.write(`line ${problem.line}: ${problem.reason}\n`);
    for (const line of report.stopped) {
      io.err.write(
        `line ${line}: not added: this address unsubscribed, bounced, complained or was erased\n`,
      );
    }
    if (report.ignoredColumns.length > 0) {
      io.err.write(`note: ignored the columns ${report.ignoredColumns.join(', ')}\n`);
    }
    await io.out(
      `imported ${report.imported}, already subscribed ${report.present}, ` +
        `not added ${report.stopped.length}, refused ${report.problems.length}\n`,
    );
    if (report.imported > 0) {
      await io.out(
        confirmed
          ? 'the new subscribers are active: their welcome goes out at the next scheduler pass\n'
          : 'the new subscribers are pending: their confirmation emails go out at the next scheduler pass\n',
      );
    }
    return report.problems.length > 0 ? 2 : 0;
  },
};

/**
 * Reads, checks and imports a CSV file: every row is checked first (so a broken header
 * stops the import before anything is written), then the good rows go in batches of
 * IMPORT_BATCH, each one transaction. A crash between batches leaves whole batches in;
 * importing the file again adds only the rest.
 */
export async function importCsv(
  deps: Deps,
  input: Buffer,
  options: { confirmed: boolean; course: Course; io: Pick<CliIo, 'err'> },
): Promise<ImportReport> {
  const reading = progressBar(options.io.err, 'reading  ');
  const rows: ImportRow[] = [];
  const problems: { line: number; reason: string }[] = [];
  let checker: ImportRowChecker | undefined;
  readCsv(
    input,
    (record, bytesRead) => {
      if (!checker) {
        checker = new ImportRowChecker(record, {
          timezone: deps.config.defaultTimezone,
          course: options.course,
        });
        return;
      }
      const check = checker.check(record);
      if (check.kind === 'row') rows.push(check.row);
      else if (check.kind === 'problem') problems.push({ line: check.line, reason: check.reason });
      if (rows.length % 1000 === 0) {
        reading.update(bytesRead / input.length, `${rows.length.toLocaleString('en')} rows`);
      }
    },
    (broken) => {
      if (!checker)
        throw new ImportFileError(
          `line ${broken.line}: the header is not readable: ${broken.reason}`,
        );
      problems.push(broken);
    },
  );
  reading.done();
  if (!checker)
    throw new ImportFileError('the file is empty: the first line must name the columns');
  problems.sort((a, b) => a.line - b.line);

  const writing = progressBar(options.io.err, 'importing');
  const outcome = await writeRows(deps, rows, options, writing);
  writing.done();
  return { problems, ignoredColumns: checker.ignoredColumns, ...outcome };
}

async function writeRows(
  deps: Deps,
  rows: readonly ImportRow[],
  { confirmed, course }: { confirmed: boolean; course: Course },
  progress: Progress,
): Promise<{ imported: number; present: number; stopped: number[] }> {
  // Hashing every address costs time; with nothing suppressed there is nothing to match.
  // Under the current key and each previous one: erasures before a rotation keep their key.
  const hashers =
    (await suppressedAddressCount(deps.db)) > 0
      ? [deps.config.secretKey, ...deps.config.secretKeyPrevious].map(nodeAddressHasher)
      : [];
  const now = deps.clock().toISOString();
  let imported = 0;
  let present = 0;
  const stopped: number[] = [];
  for (let start = 0; start < rows.length; start += IMPORT_BATCH) {
    const batch: ImportCandidate[] = rows
      .slice(start, start + IMPORT_BATCH)
      .map((row) => ({ ...row, emailHashes: hashers.map((hash) => hash(row.email)) }));
    const outcome = await importSubscriberBatch(deps.db, batch, {
      confirmed,
      courseId: course.id,
      sendDays: course.schedule.sendDays.join(''),
      now,
      newTokenId,
    });
    imported += outcome.imported.length;
    present += outcome.present.length;
    stopped.push(...outcome.stopped);
    const done = Math.min(rows.length, start + IMPORT_BATCH);
    progress.update(
      done / rows.length,
      `${done.toLocaleString('en')} of ${rows.length.toLocaleString('en')} rows`,
    );
  }
  return { imported, present, stopped };
}
