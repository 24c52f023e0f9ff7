// What a run changed in Jasper (SPEC §13), one record per write: the entity and key, each
// field's value before and after, what it created, deleted (--prune) or disabled, the Jasper
// ids an undo needs, and the change cache's entries before the write. Kept in the run folder
// in SQLite (changes.sqlite), so memory stays flat however many writes a run makes, and a
// killed run's records survive for its resume and its undo; changes.csv is written from it.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ENTITY_LABELS, type EntityKind, type TaskId } from '../plan/types.js';
import { walkPages } from '../scratch-db.js';
import { writeLinesAtomic } from '../files/atomic-write.js';
import { csvLine } from '../files/csv-line.js';

const CHANGES_DB = 'changes.sqlite';
const CHANGES_CSV = 'changes.csv';

export type ChangeAction = 'created' | 'updated' | 'deleted' | 'disabled';

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** A change cache entry as it was before the write; both null when there was none. */
export type CachedBefore = [task: TaskId, id: number | null, hash: string | null];

export interface ChangeRecord {
  seq: number;
  task: TaskId;
  entity: EntityKind;
  key: string;
  action: ChangeAction;
  /** The SKU of the product a per-product write belongs to. */
  product: string | undefined;
  /** Jasper ids (and, for what --prune deleted, what re-creates it). */
  ids: Record<string, number | string | null>;
  fields: FieldChange[];
  cache: CachedBefore[];
}

interface Row {
  seq: number;
  task: string;
  entity: string;
  key: string;
  action: string;
  product: string | null;
  ids: string;
  fields: string;
  cache: string;
}

export class ChangeLog {
  private readonly insert: Database.Statement;
  private readonly findTask: Database.Statement<[string], Row>;
  private readonly snapshotGet: Database.Statement<[string], string>;
  private readonly snapshotPut: Database.Statement<[string, string]>;
  private readonly page: Database.Statement<[number, number], Row>;
  private readonly productPage: Database.Statement<[string, number], string>;
  private readonly ofProduct: Database.Statement<[string], Row>;

  private constructor(
    readonly folder: string,
    private readonly db: Database.Database,
  ) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, task TEXT NOT NULL UNIQUE, entity TEXT NOT NULL, key TEXT NOT NULL,
        action TEXT NOT NULL, product TEXT, ids TEXT NOT NULL, fields TEXT NOT NULL, cache TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS changes_by_product ON changes (product);
      CREATE INDEX IF NOT EXISTS changes_by_kind ON changes (entity, action, seq);
      CREATE TABLE IF NOT EXISTS snapshots (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;`);
    // A create is recorded before its call and completed after it: one killed in flight is still
    // known as the run's, even when the resumed run then finds it in Jasper and updates it.
    this.insert = db.prepare(`
      INSERT INTO changes (task, entity, key, action, product, ids, fields, cache) VALUES (@task, @entity, @key, @action, @product, @ids, @fields, @cache)
      ON CONFLICT (task) DO UPDATE SET
        ids = json_patch(changes.ids, excluded.ids),
        fields = CASE WHEN changes.action = 'created' AND excluded.action <> 'created' THEN changes.fields ELSE excluded.fields END,
        action = CASE WHEN changes.action = 'created' THEN 'created' ELSE excluded.action END`);
    this.findTask = db.prepare<[string], Row>('SELECT * FROM changes WHERE task = ?');
    this.snapshotGet = db.prepare<[string], string>('SELECT value FROM snapshots WHERE key = ?').pluck();
    this.snapshotPut = db.prepare<[string, string]>('INSERT OR IGNORE INTO snapshots (key, value) VALUES (?, ?)');
    this.page = db.prepare<[number, number], Row>('SELECT * FROM changes WHERE seq > ? ORDER BY seq LIMIT ?');
    this.productPage = db.prepare<[string, number], string>('SELECT DISTINCT product FROM changes WHERE product > ? ORDER BY product LIMIT ?').pluck();
    this.ofProduct = db.prepare<[string], Row>('SELECT * FROM changes WHERE product = ? ORDER BY seq');
  }

  /** The run folder's log, created when missing (a resumed run adds to its own). */
  static open(folder: string): ChangeLog {
    const db = new Database(path.join(folder, CHANGES_DB));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    return new ChangeLog(folder, db);
  }

  /** The log of an earlier run, or undefined when it has none (a run of a version before SPEC §13). */
  static existing(folder: string): ChangeLog | undefined {
    return fs.existsSync(path.join(folder, CHANGES_DB)) ? ChangeLog.open(folder) : undefined;
  }

  record(change: Omit<ChangeRecord, 'seq'>): void {
    this.insert.run({
      task: change.task,
      entity: change.entity,
      key: change.key,
      action: change.action,
      product: change.product ?? null,
      ids: JSON.stringify(change.ids),
      fields: JSON.stringify(change.fields),
      cache: JSON.stringify(change.cache),
    });
  }

  get(task: TaskId): ChangeRecord | undefined {
    const row = this.findTask.get(task);
    return row ? recordOf(row) : undefined;
  }

  /** What Jasper held before the run's first write to it, read once per run. */
  snapshot(key: string): unknown {
    const text = this.snapshotGet.get(key);
    return text === undefined ? undefined : JSON.parse(text);
  }

  saveSnapshot(key: string, value: unknown): void {
    this.snapshotPut.run(key, JSON.stringify(value));
  }

  /** Every record in the order the writes were made, a page at a time. */
  *all(): Generator<ChangeRecord> {
    for (const row of walkPages(
      (after: number, limit) => this.page.all(after, limit),
      0,
      (row) => row.seq,
    ))
      yield recordOf(row);
  }

  /** The SKUs of the products the run wrote to, in order, a page at a time. */
  *products(): Generator<string> {
    yield* walkPages(
      (after: string, limit) => this.productPage.all(after, limit),
      '',
      (sku) => sku,
    );
  }

  /** The writes to one product and its own rows, in the order they were made. */
  forProduct(sku: string): ChangeRecord[] {
    return this.ofProduct.all(sku).map(recordOf);
  }

  /** What the run created of one kind of entity, newest first (children before their parents), a page at a time. */
  created(entity: EntityKind): Generator<ChangeRecord> {
    return this.ofKind(entity, 'created', 'DESC');
  }

  /** What the run updated of one kind of entity, oldest first, a page at a time. */
  updated(entity: EntityKind): Generator<ChangeRecord> {
    return this.ofKind(entity, 'updated', 'ASC');
  }

  private *ofKind(entity: EntityKind, action: ChangeAction, order: 'ASC' | 'DESC'): Generator<ChangeRecord> {
    const page = this.db.prepare<[string, string, number, number], Row>(
      `SELECT * FROM changes WHERE entity = ? AND action = ? AND seq ${order === 'DESC' ? '<' : '>'} ? ORDER BY seq ${order} LIMIT ?`,
    );
    const first = order === 'DESC' ? Number.MAX_SAFE_INTEGER : 0;
    for (const row of walkPages(
      (after: number, limit) => page.all(entity, action, after, limit),
      first,
      (row) => row.seq,
    ))
      yield recordOf(row);
  }

  /** changes.csv: `entity, key, field, before, after`, one line per field (a create or delete without fields: one line). */
  writeCsv(): string {
    const file = path.join(this.folder, CHANGES_CSV);
    writeLinesAtomic(file, csvLines(this.all()), 0o644);
    return file;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

const CSV_HEADER = ['entity', 'key', 'field', 'before', 'after'];

function* csvLines(records: Iterable<Omit<ChangeRecord, 'seq'>>): Generator<string> {
  yield csvLine(CSV_HEADER);
  yield* recordLines(records);
}

function* recordLines(records: Iterable<Omit<ChangeRecord, 'seq'>>): Generator<string> {
  for (const change of records) {
    const entity = ENTITY_LABELS[change.entity];
    if (change.action === 'deleted') yield csvLine([entity, change.key, '(deleted)', describeDeleted(change), '']);
    else if (change.fields.length === 0) yield csvLine([entity, change.key, `(${change.action})`, '', '']);
    for (const { field, before, after } of change.action === 'deleted' ? [] : change.fields) {
      yield csvLine([entity, change.key, field, change.action === 'created' ? '' : cellOf(before), cellOf(after)]);
    }
  }
}

/**
 * A dry run's changes.csv, written as its batches are planned: nothing of a dry run's changes is
 * needed afterwards, so they skip the database (a 1,000,000-row first load plans over 6 million writes).
 */
export class ChangeCsvStream {
  private readonly fd: number;

  constructor(folder: string) {
    this.fd = fs.openSync(path.join(folder, CHANGES_CSV), 'w', 0o644);
    fs.writeSync(this.fd, csvLine(CSV_HEADER) + '\n');
  }

  append(changes: Omit<ChangeRecord, 'seq'>[]): void {
    const lines = [...recordLines(changes)];
    if (lines.length > 0) fs.writeSync(this.fd, lines.join('\n') + '\n');
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

function describeDeleted(change: Omit<ChangeRecord, 'seq'>): string {
  return String(change.ids.url ?? (change.ids.value === undefined ? change.key : `${change.ids.type} ${change.ids.value}`));
}

/** A value as a CSV cell: lists as `|`-separated, as the input formats write them. */
export function cellOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(cellOf).join('|');
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function recordOf(row: Row): ChangeRecord {
  return {
    seq: row.seq,
    task: row.task,
    entity: row.entity as EntityKind,
    key: row.key,
    action: row.action as ChangeAction,
    product: row.product ?? undefined,
    ids: JSON.parse(row.ids) as ChangeRecord['ids'],
    fields: JSON.parse(row.fields) as FieldChange[],
    cache: JSON.parse(row.cache) as CachedBefore[],
  };
}
