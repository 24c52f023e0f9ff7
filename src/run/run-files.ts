// The run's files besides the journal: results.csv (every row), failures.csv / failures.json
// (failed and skipped rows in their input format, re-pushable as they are) and failures.jsonl.
import fs from 'node:fs';
import path from 'node:path';
import { type FailureRows, readCsvEvents, readCsvRecords } from '../catalog/index.js';
import { prepareRenames } from '../catalog/header-names.js';
import { locationKey } from '../plan/input-rows.js';
import { LINK_FAILED, type RowOutcome } from '../report/push-result.js';
import { writeFileAtomic, writeLinesAtomic } from '../files/atomic-write.js';
import { csvLine } from '../files/csv-line.js';

export const FAILURE_COLUMNS = ['_error', '_status', '_stage'] as const;

/** results.csv, written as the rows are read (a million rows are never one string). */
export function writeResults(runPath: string, rows: Iterable<RowOutcome>): string {
  const file = path.join(runPath, 'results.csv');
  writeLinesAtomic(
    file,
    (function* () {
      yield csvLine(['file', 'line', 'kind', 'key', 'outcome', 'jasper_id', 'error']);
      for (const row of rows) yield csvLine([row.loc.file, row.loc.line ?? row.loc.path, row.kind, row.key, row.outcome, row.remoteId, row.error]);
    })(),
    0o644,
  );
  return file;
}

/**
 * Writes the failure files from the failed and skipped rows, and the rows whose product was written
 * but a link failed (pushed again, they retry the link); returns the path a user should push again,
 * or undefined when none failed.
 */
export async function writeFailures(runPath: string, rows: RowOutcome[], columnMap?: Record<string, string>, shape?: FailureRows): Promise<string | undefined> {
  const failed = rows.filter((row) => row.outcome === 'failed' || row.outcome === 'skipped' || row.status === LINK_FAILED);
  const jsonl = path.join(runPath, 'failures.jsonl');
  writeFileAtomic(
    jsonl,
    failed
      .map((row) =>
        JSON.stringify({
          file: row.loc.file,
          line: row.loc.line,
          path: row.loc.path,
          kind: row.kind,
          key: row.key,
          status: row.status === LINK_FAILED ? LINK_FAILED : row.outcome,
          stage: row.stage,
          error: row.error,
        }),
      )
      .join('\n') + (failed.length > 0 ? '\n' : ''),
    0o644,
  );
  for (const stale of ['failures.csv', 'failures.json']) fs.rmSync(path.join(runPath, stale), { force: true });
  if (failed.length === 0) return undefined;

  const byLocation = new Map(failed.map((row) => [locationKey(row.loc), row]));
  const files = [...new Set(failed.map((row) => row.loc.file))];
  const csvFiles = files.filter((file) => file.toLowerCase().endsWith('.csv'));
  const jsonFiles = files.filter((file) => file.toLowerCase().endsWith('.json'));
  let primary: string | undefined;
  if (csvFiles.length > 0) {
    primary = path.join(runPath, 'failures.csv');
    await writeCsvFailures(primary, csvFiles, byLocation, columnMap, shape);
  }
  if (jsonFiles.length > 0) {
    const file = path.join(runPath, 'failures.json');
    writeJsonFailures(file, jsonFiles, failed);
    primary ??= file;
  }
  return primary ?? jsonl;
}

/**
 * Copies each failed CSV record with its original cells, under the union of the inputs' headers.
 * Headers come out renamed by --map, so the file pushes back without it. A source may say how its
 * records are copied (see FailureRows): whole groups, or completed with what other files gave.
 */
async function writeCsvFailures(
  target: string,
  files: string[],
  failed: Map<string, RowOutcome>,
  columnMap?: Record<string, string>,
  shape?: FailureRows,
): Promise<void> {
  const header: string[] = [];
  const records: { header: string[]; cells: string[]; row: RowOutcome }[] = [];
  const groups = shape?.group;
  const failedGroups = groups ? await groupsWithFailures(files, failed, groups, columnMap) : new Map<string, RowOutcome>();
  for (const file of files) {
    for await (const read of readCsvRecords(file, columnMap ? { columnMap } : {})) {
      const group = groups?.ofRecord(read.header, read.cells);
      const row = failed.get(locationKey({ file, line: read.line })) ?? (group === undefined ? undefined : failedGroups.get(`${file}\u0000${group}`));
      if (!row) continue;
      const record = shape?.complete ? { ...read, ...shape.complete(read.header, read.cells) } : read;
      for (const name of record.header) if (!header.includes(name) && !name.startsWith('_')) header.push(name);
      records.push({ ...record, row });
    }
  }
  const spelled = shape?.headerAsWritten ? await headerSpellings(files, columnMap) : new Map<string, string>();
  const lines = [csvLine([...header.map((name) => spelled.get(name) ?? name), ...FAILURE_COLUMNS])];
  for (const { header: own, cells, row } of records) {
    const values = header.map((name) => {
      const index = own.indexOf(name);
      return index >= 0 ? cells[index] : '';
    });
    lines.push(csvLine([...values, row.error, row.status ?? row.outcome, row.stage]));
  }
  writeFileAtomic(target, lines.join('\n') + '\n', 0o644);
}

/** Each normalised column name → the header cell as the first file that has it wrote it. */
async function headerSpellings(files: string[], columnMap?: Record<string, string>): Promise<Map<string, string>> {
  const spelled = new Map<string, string>();
  const renames = prepareRenames(columnMap);
  for (const file of files) {
    for await (const event of readCsvEvents(file, renames)) {
      if (event.type === 'header') {
        // A column renamed by --map is written under its new name, so the file pushes back without --map.
        event.header.names.forEach((name, index) => {
          const label = event.header.labels[index];
          if (!spelled.has(name) && label !== undefined && !renames.has(label.toLowerCase())) spelled.set(name, label);
        });
      }
      break;
    }
  }
  return spelled;
}

/** file + group → the first failure in that group (by its record's line, or by a location naming the group). */
async function groupsWithFailures(
  files: string[],
  failed: Map<string, RowOutcome>,
  groups: NonNullable<FailureRows['group']>,
  columnMap?: Record<string, string>,
): Promise<Map<string, RowOutcome>> {
  const found = new Map<string, RowOutcome>();
  for (const row of failed.values()) {
    const group = groups.ofLocation(row.loc);
    if (group !== undefined && !found.has(`${row.loc.file}\u0000${group}`)) found.set(`${row.loc.file}\u0000${group}`, row);
  }
  for (const file of files) {
    for await (const record of readCsvRecords(file, columnMap ? { columnMap } : {})) {
      const row = failed.get(locationKey({ file, line: record.line }));
      const group = row ? groups.ofRecord(record.header, record.cells) : undefined;
      if (row && group !== undefined && !found.has(`${file}\u0000${group}`)) found.set(`${file}\u0000${group}`, row);
    }
  }
  return found;
}

/** A JSON catalog of the failed rows; a failed variant brings its whole parent object along. */
function writeJsonFailures(target: string, files: string[], failed: RowOutcome[]): void {
  const catalog: Record<string, unknown[]> = {};
  for (const file of files) {
    const source = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown[]>;
    const taken = new Set<string>();
    for (const row of failed.filter((candidate) => candidate.loc.file === file && candidate.loc.path)) {
      const match = /^(\w+)\[(\d+)\]/.exec(row.loc.path!);
      if (!match) continue;
      const [top, section, index] = match;
      if (taken.has(top)) continue;
      taken.add(top);
      const item = source[section!]?.[Number(index)];
      if (item && typeof item === 'object') {
        (catalog[section!] ??= []).push({ ...item, _error: row.error, _status: row.status ?? row.outcome, _stage: row.stage });
      }
    }
  }
  writeFileAtomic(target, JSON.stringify(catalog, null, 2) + '\n', 0o644);
}

export function writeSummary(runPath: string, summary: unknown): string {
  const file = path.join(runPath, 'summary.json');
  writeFileAtomic(file, JSON.stringify(summary, null, 2) + '\n', 0o644);
  return file;
}
