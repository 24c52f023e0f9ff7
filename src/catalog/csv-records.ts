// Streams a CSV file record by record with the physical line where each record starts.
//
// Lines are counted from each record's raw text rather than taken from csv-parse's
// `info.lines`: that counter is the line where a record ENDS, and it counts a CRLF inside
// a quoted cell as two lines, so on a Windows export with multi-line descriptions every
// later row would point at the wrong line.

import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { parse, CsvError, type Options } from 'csv-parse';
import { InputError } from '../errors.js';
import { normalizeHeaderName, prepareRenames, type HeaderRenames } from './header-names.js';
import { formatIssue, type Issue } from './types.js';
import { InvalidUtf8Error, Utf8Guard } from './utf8-check.js';

/** One giant cell must not exhaust memory; no real catalog row comes near this. */
export const MAX_RECORD_BYTES = 8 * 1024 * 1024;

export interface CsvHeader {
  line: number;
  /** Normalised names (see header-names.ts), one per cell. */
  names: string[];
  /** The header cells as written, trimmed: what issues call a column, so users recognise it. */
  labels: string[];
}

export interface CsvRecord {
  line: number;
  /** The normalised header; the same array for every record of a file. */
  header: string[];
  cells: string[];
}

/** A `fatal` event ends the stream: nothing after it can be trusted. */
export type CsvEvent = { type: 'header'; header: CsvHeader } | { type: 'record'; record: CsvRecord } | { type: 'fatal'; issue: Issue };

interface ParsedRecord {
  record: string[];
  raw: string;
}

export async function* readCsvEvents(file: string, renames: HeaderRenames): AsyncGenerator<CsvEvent> {
  const source = createReadStream(file);
  const guard = new Utf8Guard();
  // pipe() does not forward errors; the parser is what we iterate, so it must see them all.
  source.on('error', (error) => guard.destroy(error));
  source.pipe(guard);
  let header: CsvHeader | undefined;
  let input: NodeJS.ReadableStream = guard;
  let firstLine = 1;
  // An unclosed quote would swallow the rest of the file into one cell: its row is reported, and
  // the rows after its first line are read and checked all the same (the file stays unpushable:
  // its issue comes last, as a fatal one must).
  let unclosed: Issue | undefined;
  try {
    for (;;) {
      const lines = new LineCursor(firstLine);
      // csv-parse drops the records it parsed from a chunk that then fails (the stream's buffer goes
      // with the error), so the records are taken as it parses them: a quote error on line 52 is
      // reported at line 52, after the rows before it, not at the line after the last row handed out.
      const parsed: ParsedRecord[] = [];
      const takeRecord = (item: ParsedRecord): ParsedRecord => {
        parsed.push(item);
        return item;
      };
      const parser = parse({
        bom: true,
        raw: true,
        relax_column_count: true,
        skip_empty_lines: true,
        max_record_size: MAX_RECORD_BYTES,
        // With raw: true, on_record gets the { record, raw } pair; csv-parse's typings assume the bare record.
        on_record: takeRecord as unknown as Options['on_record'],
      });
      input.on('error', (error: Error) => parser.destroy(error));
      input.pipe(parser);
      const events = function* (): Generator<CsvEvent> {
        for (let item = parsed.shift(); item !== undefined; item = parsed.shift()) {
          const line = lines.advance(item.raw);
          if (item.record.every((cell) => cell.trim() === '')) continue;
          if (header === undefined) {
            const labels = item.record.map((cell) => cell.trim());
            header = { line, labels, names: item.record.map((cell) => normalizeHeaderName(cell, renames)) };
            yield { type: 'header', header };
          } else {
            yield { type: 'record', record: { line, header: header.names, cells: item.record } };
          }
        }
      };
      try {
        // The stream paces the reading; each record it hands out is already in `parsed`.
        for await (const _item of parser as AsyncIterable<ParsedRecord>) yield* events();
        break;
      } catch (error) {
        yield* events();
        const raw = error instanceof CsvError && error.code === 'CSV_QUOTE_NOT_CLOSED' && typeof error.raw === 'string' ? error.raw : undefined;
        const rest = header !== undefined && raw !== undefined ? afterFirstLine(raw) : undefined;
        if (rest === undefined) {
          yield { type: 'fatal', issue: describeFailure(file, error, lines) };
          return;
        }
        unclosed ??= describeFailure(file, error, lines);
        firstLine = lines.startOf(raw!) + 1;
        input = Readable.from([rest]);
      } finally {
        parser.destroy();
      }
    }
  } finally {
    source.destroy();
    guard.destroy();
  }
  if (unclosed) yield { type: 'fatal', issue: unclosed };
  else if (header === undefined) yield { type: 'fatal', issue: fileError(file, 1, 'file is empty: a header row is expected') };
}

/** The text after the first line of a record's raw text (undefined when there is none). */
function afterFirstLine(raw: string): string | undefined {
  const text = raw.replace(/^[\r\n]+/, '');
  const end = text.search(/\r\n|\r|\n/);
  if (end < 0) return undefined;
  const rest = text.slice(end).replace(/^(\r\n|\r|\n)/, '');
  return rest.trim() === '' ? undefined : rest;
}

/**
 * Streams the data records of one CSV file (header and blank rows excluded), with the
 * normalised header. A problem that stops the file (unreadable, invalid UTF-8, broken
 * quoting) goes to `onIssue`, or is thrown as an InputError when no `onIssue` is given.
 */
export async function* readCsvRecords(
  file: string,
  options: { columnMap?: Record<string, string>; onIssue?: (issue: Issue) => void } = {},
): AsyncGenerator<CsvRecord> {
  for await (const event of readCsvEvents(file, prepareRenames(options.columnMap))) {
    if (event.type === 'record') yield event.record;
    if (event.type === 'fatal') {
      if (!options.onIssue) throw new InputError(formatIssue(event.issue));
      options.onIssue(event.issue);
    }
  }
}

/** Tracks physical lines across records; CR, LF and CRLF each end one line. */
class LineCursor {
  /** `next`: the line where the text after the last record starts. */
  constructor(private next = 1) {}

  /** Start line of the record with this raw text (blank lines before it included), then moves past it. */
  advance(raw: string): number {
    const start = this.startOf(raw);
    this.next += countBreaks(raw, raw.length);
    return start;
  }

  startOf(raw: string): number {
    let lead = 0;
    while (lead < raw.length && (raw[lead] === '\r' || raw[lead] === '\n')) lead++;
    return this.next + countBreaks(raw, lead);
  }

  /** Line of the last character of a partial record, where a parse error was found. */
  endOf(raw: string): number {
    return this.next + countBreaks(raw.replace(/[\r\n]+$/, ''), raw.length);
  }
}

function countBreaks(text: string, end: number): number {
  let breaks = 0;
  const limit = Math.min(end, text.length);
  for (let i = 0; i < limit; i++) {
    const code = text.charCodeAt(i);
    if (code === 13 || (code === 10 && text.charCodeAt(i - 1) !== 13)) breaks++;
  }
  return breaks;
}

function fileError(file: string, line: number | undefined, message: string): Issue {
  return { location: line === undefined ? { file } : { file, line }, message, severity: 'error' };
}

function describeFailure(file: string, error: unknown, lines: LineCursor): Issue {
  if (error instanceof InvalidUtf8Error) {
    return fileError(file, error.line, 'invalid UTF-8: save the file with UTF-8 encoding');
  }
  if (error instanceof CsvError) {
    const raw = typeof error.raw === 'string' ? error.raw : '';
    const start = lines.startOf(raw);
    const at = lines.endOf(raw);
    // A misplaced quote is found at one character; an unclosed one only at the end of the file.
    const where = at === start || error.code === 'CSV_QUOTE_NOT_CLOSED' ? '' : ` (at line ${at})`;
    return fileError(file, start, `CSV syntax error: ${csvErrorMessage(error.code)}${where}`);
  }
  const message = error instanceof Error ? error.message : String(error);
  return fileError(file, undefined, `cannot read the file: ${message}`);
}

function csvErrorMessage(code: string): string {
  switch (code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted cell that starts in this row is never closed (missing ")';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a closing quote must be followed by a comma or the end of the line; write "" for a quote inside a quoted cell';
    case 'INVALID_OPENING_QUOTE':
      return 'a quote inside an unquoted cell; quote the whole cell and write "" for the quote';
    case 'CSV_MAX_RECORD_SIZE':
      return `the row is larger than ${MAX_RECORD_BYTES / 1024 / 1024} MiB, the limit for one row (often a quoted cell that is never closed); reading stopped`;
    default:
      return `the file cannot be parsed as CSV (${code})`;
  }
}
