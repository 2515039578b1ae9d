import type { Course, Role } from '../course/course.ts';
import { roleFromSlug } from '../course/roles.ts';
import { isValidSendTime, isValidTimeZone } from '../course/time.ts';
import { cleanName, normalizeEmail } from '../subscribers/signup-input.ts';
import type { CsvRecord } from './csv-records.ts';

export const IMPORT_COLUMNS = ['email', 'name', 'role', 'timezone', 'send_time'] as const;
type Column = (typeof IMPORT_COLUMNS)[number];
const REQUIRED: readonly Column[] = ['email'];

export interface ImportRow {
  readonly line: number;
  readonly email: string;
  readonly name: string | null;
  /** null: no role (an empty cell or no role column); the reader gets every perspective. */
  readonly role: Role | null;
  readonly timezone: string;
  readonly sendTime: string;
}

export type RowCheck =
  | { readonly kind: 'row'; readonly row: ImportRow }
  | { readonly kind: 'problem'; readonly line: number; readonly reason: string }
  | { readonly kind: 'blank' };

export class ImportFileError extends Error {
  override name = 'ImportFileError';
}

/**
 * Pure: checks the rows of an import file. The first record is the header; columns are
 * found by name in any order (only email is required; others not in IMPORT_COLUMNS
 * are ignored, and listed in `ignoredColumns`, so an export can be imported elsewhere).
 *
 * Decisions: an unknown time zone refuses the row rather than guessing (lessons at the wrong
 * hour for weeks are worse than a row to fix); an empty one takes DEFAULT_TIMEZONE and an
 * empty send time 08:00, as the signup form does. The same address twice (letter case
 * aside) keeps the first row and reports the others.
 */
export class ImportRowChecker {
  readonly ignoredColumns: readonly string[];
  readonly #columns: ReadonlyMap<Column, number>;
  readonly #width: number;
  readonly #seen = new Map<string, number>();
  /** Checking a zone name costs about a millisecond (Luxon builds an Intl formatter); a file
   * has few distinct zones. */
  readonly #zones = new Map<string, boolean>();

  constructor(
    header: CsvRecord,
    readonly defaults: { timezone: string; course: Course },
  ) {
    const names = header.fields.map((field) =>
      field
        .trim()
        .toLowerCase()
        .replace(/[\s-]+/g, '_'),
    );
    const columns = new Map<Column, number>();
    const ignored: string[] = [];
    names.forEach((name, index) => {
      const column = IMPORT_COLUMNS.find((known) => known === name);
      if (!column) {
        ignored.push(header.fields[index]?.trim() || `(column ${index + 1})`);
      } else if (columns.has(column)) {
        throw new ImportFileError(`line ${header.line}: the column "${column}" appears twice`);
      } else {
        columns.set(column, index);
      }
    });
    const missing = REQUIRED.filter((column) => !columns.has(column));
    if (missing.length > 0) {
      const looksLikeData = header.fields.some((field) => field.includes('@'));
      throw new ImportFileError(
        looksLikeData
          ? `line ${header.line}: the first line must be a header naming the columns (${IMPORT_COLUMNS.join(', ')})`
          : `line ${header.line}: the header has no ${missing.join(' or ')} column`,
      );
    }
    this.#columns = columns;
    this.#width = names.length;
    this.ignoredColumns = ignored;
  }

  #zoneIsValid(zone: string): boolean {
    let valid = this.#zones.get(zone);
    if (valid === undefined) {
      valid = isValidTimeZone(zone);
      if (this.#zones.size < 10_000) this.#zones.set(zone, valid);
    }
    return valid;
  }

  check(record: CsvRecord): RowCheck {
    const { line, fields } = record;
    if (fields.every((field) => field.trim() === '')) return { kind: 'blank' };
    const problem = (reason: string): RowCheck => ({ kind: 'problem', line, reason });
    if (fields.length > this.#width) {
      return problem(
        `${fields.length} fields where the header has ${this.#width} (quote a field that contains a comma)`,
      );
    }
    const get = (column: Column) => {
      const index = this.#columns.get(column);
      return index === undefined ? '' : (fields[index] ?? '').trim();
    };

    const rawEmail = get('email');
    const email = normalizeEmail(rawEmail);
    if (!email)
      return problem(rawEmail === '' ? 'missing address' : `bad address ${quote(rawEmail)}`);
    const rawRole = get('role');
    const { course } = this.defaults;
    const role = rawRole === '' ? null : roleFromSlug(course, rawRole);
    if (role === undefined) {
      const roles = course.roles.map((r) => r.id);
      return problem(
        roles.length > 0
          ? `unknown role ${quote(rawRole)} (one of ${roles.join(', ')}, or empty)`
          : `unknown role ${quote(rawRole)} (the course has no roles: leave it empty)`,
      );
    }
    const rawZone = get('timezone');
    const timezone = rawZone === '' ? this.defaults.timezone : rawZone;
    if (!this.#zoneIsValid(timezone)) return problem(`unknown time zone ${quote(rawZone)}`);
    const rawTime = get('send_time');
    const sendTime = rawTime === '' ? course.schedule.sendTime : rawTime.padStart(5, '0');
    if (!isValidSendTime(sendTime))
      return problem(`bad time ${quote(rawTime)} (use HH:MM, 24-hour)`);

    const key = email.toLowerCase();
    const first = this.#seen.get(key);
    if (first !== undefined) return problem(`duplicate of line ${first}`);
    this.#seen.set(key, line);
    return {
      kind: 'row',
      row: { line, email, name: cleanName(get('name')), role, timezone, sendTime },
    };
  }
}

function quote(value: string): string {
  const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
  return JSON.stringify(shown);
}
