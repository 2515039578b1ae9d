import { CsvError, parse } from 'csv-parse/sync';

/** A record and the line of the file it starts on (1-based). */
export interface CsvRecord {
  readonly line: number;
  readonly fields: string[];
}

/** A stretch of the file that is not CSV, and why. */
export interface CsvBreak {
  readonly line: number;
  readonly reason: string;
}

/** The longest record read; past it a stray quote is reported instead of eating the file. */
const MAX_RECORD_BYTES = 64 * 1024;
const NEWLINE = 0x0a;
const RETURN = 0x0d;

/**
 * Reads CSV (RFC 4180, with a header like any other record) with csv-parse, and keeps going
 * past broken quoting: the record that breaks is reported at the line it starts on, and
 * reading resumes on the next line, so one stray quote costs one row rather than the rest of
 * the file. Line numbers are counted here from byte offsets: csv-parse's own count drifts on
 * CRLF files with quoted line breaks. Empty lines are skipped.
 *
 * Calls `onRecord` synchronously for each record in file order, with the bytes read so far.
 */
export function readCsv(
  input: Buffer,
  onRecord: (record: CsvRecord, bytesRead: number) => void,
  onBreak: (problem: CsvBreak) => void,
): void {
  const lines = new LineCounter(input);
  let offset = 0;
  while (offset < input.length) {
    const start = offset;
    let end = start;
    try {
      parse(input.subarray(start), {
        bom: start === 0,
        relax_column_count: true,
        skip_empty_lines: true,
        max_record_size: MAX_RECORD_BYTES,
        on_record: (fields: string[], context) => {
          const line = lines.lineAt(lines.skipEmptyLines(end));
          end = start + context.bytes;
          onRecord({ line, fields }, end);
          return null;
        },
      });
      return;
    } catch (error) {
      if (!(error instanceof CsvError)) throw error;
      const brokenAt = lines.skipEmptyLines(end);
      if (brokenAt >= input.length) return;
      const next = lines.nextLine(brokenAt);
      onBreak({
        line: lines.lineAt(brokenAt),
        reason: reasonFor(input.subarray(brokenAt, next), error),
      });
      offset = next;
    }
  }
}

/**
 * Why a record broke, told from the line it starts on: csv-parse notices an unclosed quote
 * only where the quoted field finally ends (often many lines on), so that line is read
 * again alone to say what is wrong with it.
 */
function reasonFor(line: Buffer, error: CsvError): string {
  let code = error.code;
  try {
    parse(line, { relax_column_count: true, max_record_size: MAX_RECORD_BYTES });
  } catch (alone) {
    if (alone instanceof CsvError) code = alone.code;
  }
  switch (code) {
    case 'CSV_QUOTE_NOT_CLOSED':
    case 'CSV_MAX_RECORD_SIZE':
      return 'broken quoting: a quote opened on this line is never closed';
    case 'INVALID_OPENING_QUOTE':
      return 'broken quoting: a quote inside an unquoted field (quote the whole field and double the quote)';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'broken quoting: text after a closing quote';
    default:
      return `unreadable: ${error.message}`;
  }
}

/** Line numbers for byte offsets, counted forward once (offsets only ever increase). */
class LineCounter {
  #offset = 0;
  #line = 1;

  constructor(readonly input: Buffer) {}

  lineAt(offset: number): number {
    if (offset < this.#offset) throw new Error('line numbers are counted forward only');
    for (let i = this.#offset; i < offset; i++) if (this.input[i] === NEWLINE) this.#line++;
    this.#offset = offset;
    return this.#line;
  }

  /** The first offset at or after `offset` that does not start an empty line. */
  skipEmptyLines(offset: number): number {
    let at = offset;
    for (;;) {
      if (this.input[at] === NEWLINE) at += 1;
      else if (this.input[at] === RETURN && this.input[at + 1] === NEWLINE) at += 2;
      else return at;
    }
  }

  /** The offset just after the line that `offset` is on. */
  nextLine(offset: number): number {
    const newline = this.input.indexOf(NEWLINE, offset);
    return newline === -1 ? this.input.length : newline + 1;
  }
}
