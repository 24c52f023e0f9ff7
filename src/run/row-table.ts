// The row ledger's storage: one outcome per input row, in a per-run SQLite file (the run
// folder's rows.sqlite, or a temporary file for a dry run), so a push of a million rows does
// not hold a million row outcomes in memory until it writes results.csv.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { SourceLocation } from '../catalog/types.js';
import type { Outcome } from '../plan/types.js';
import { LINK_FAILED, NOT_ATTEMPTED, type RowCounts, type RowOutcome } from '../report/push-result.js';

type Stored = [string, number | null, string | null, string, string, string, number | null, string | null, string | null, string | null];

const COLUMNS = 'file, line, path, kind, key, outcome, remote_id, error, stage, status';

export class RowTable {
  private readonly lookup: Database.Statement<[string, string], Stored>;
  private readonly upsert: Database.Statement<unknown[]>;
  private readonly ordered: Database.Statement<[], Stored>;
  private readonly orderedProblems: Database.Statement<[], Stored>;

  private constructor(
    readonly file: string,
    private readonly db: Database.Database,
    private readonly temporary: string | undefined,
  ) {
    this.lookup = db.prepare<[string, string], Stored>(`SELECT ${COLUMNS} FROM rows WHERE file = ? AND at = ?`).raw(true);
    // A row recorded again (a late link folded in) keeps its place: results.csv keeps input order.
    this.upsert = db.prepare(`
      INSERT INTO rows (at, ${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (file, at) DO UPDATE SET kind = excluded.kind, key = excluded.key, outcome = excluded.outcome,
        remote_id = excluded.remote_id, error = excluded.error, stage = excluded.stage, status = excluded.status`);
    // Input order: by file, then line; JSON rows (no line) in the order recorded.
    this.ordered = db.prepare<[], Stored>(`SELECT ${COLUMNS} FROM rows ORDER BY file, line, seq`).raw(true);
    this.orderedProblems = db
      .prepare<[], Stored>(`SELECT ${COLUMNS} FROM rows WHERE outcome IN ('failed', 'skipped') OR status = '${LINK_FAILED}' ORDER BY file, line, seq`)
      .raw(true);
  }

  /** A new, empty table in `folder` (a temporary folder when undefined). */
  static create(folder: string | undefined): RowTable {
    const temporary = folder === undefined ? fs.mkdtempSync(path.join(os.tmpdir(), 'jasper-push-rows-')) : undefined;
    const file = path.join(folder ?? temporary!, 'rows.sqlite');
    for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(file + suffix, { force: true });
    const db = new Database(file);
    // Scratch data, rebuilt by any rerun: durability is not worth a sync per batch.
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    // SQLite's default page cache here is 16 MB, all of it resident by the end of a large push;
    // the file stays in the OS's cache, so 4 MB (the change cache's) serves as well.
    db.pragma(`cache_size = -${4 * 1024}`);
    db.exec(`CREATE TABLE rows (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, file TEXT NOT NULL, line INTEGER, path TEXT, kind TEXT NOT NULL,
      key TEXT NOT NULL, outcome TEXT NOT NULL, remote_id INTEGER, error TEXT, stage TEXT, status TEXT, UNIQUE (file, at))`);
    return new RowTable(file, db, temporary);
  }

  get(loc: SourceLocation): RowOutcome | undefined {
    const row = this.lookup.get(loc.file, at(loc));
    return row === undefined ? undefined : outcomeOf(row);
  }

  set(row: RowOutcome): void {
    const { loc } = row;
    this.upsert.run(
      at(loc),
      loc.file,
      loc.line ?? null,
      loc.path ?? null,
      row.kind,
      row.key,
      row.outcome,
      row.remoteId ?? null,
      row.error ?? null,
      row.stage ?? null,
      row.status ?? null,
    );
  }

  transaction(work: () => void): void {
    this.db.transaction(work)();
  }

  /** Every row, in input order. Nothing else may use the table until the iteration ends. */
  *all(): Iterable<RowOutcome> {
    for (const row of this.ordered.iterate()) yield outcomeOf(row);
  }

  /** The failed and skipped rows, in input order. */
  problems(): RowOutcome[] {
    return this.orderedProblems.all().map(outcomeOf);
  }

  counts(): RowCounts {
    const counts: RowCounts = { created: 0, updated: 0, unchanged: 0, failed: 0, skipped: 0, deleted: 0, total: 0, linkFailed: 0, left: 0 };
    const grouped = this.db.prepare('SELECT outcome, status, count(*) AS n FROM rows GROUP BY outcome, status').all() as {
      outcome: Outcome;
      status: string | null;
      n: number;
    }[];
    for (const { outcome, status, n } of grouped) {
      // Rows a stopped run never reached are what is left, not skipped; rows with a failed link keep their product's outcome.
      if (status === NOT_ATTEMPTED) counts.left += n;
      else counts[outcome] += n;
      if (status === LINK_FAILED) counts.linkFailed += n;
      counts.total += n;
    }
    return counts;
  }

  /** Closes and removes the file: results.csv and the failure files are what the run keeps. */
  close(): void {
    if (this.db.open) this.db.close();
    fs.rmSync(this.temporary ?? this.file, { recursive: true, force: true });
  }
}

/** A row's identity within its file: its CSV line or JSON path. */
const at = (loc: SourceLocation): string => String(loc.line ?? loc.path ?? '');

function outcomeOf([file, line, jsonPath, kind, key, outcome, remoteId, error, stage, status]: Stored): RowOutcome {
  const loc: SourceLocation = line !== null ? { file, line } : jsonPath !== null ? { file, path: jsonPath } : { file };
  return {
    loc,
    kind: kind as RowOutcome['kind'],
    key,
    outcome: outcome as Outcome,
    remoteId: remoteId ?? undefined,
    error: error ?? undefined,
    stage: stage ?? undefined,
    status: status ?? undefined,
  };
}
