// journal.jsonl: one line per finished task, written with a synchronous append as it happens,
// so a process killed at any instant loses nothing already done.
import fs from 'node:fs';
import type { EntityKind, Outcome, TaskId } from '../plan/types.js';

export interface JournalEntry {
  t: string;
  task: TaskId;
  entity: EntityKind;
  key: string;
  outcome: Outcome;
  remoteId?: number;
  hash?: string;
  attempts?: number;
  error?: string;
}

export class Journal {
  private fd: number | undefined;

  constructor(readonly path: string) {}

  /** Where this process's lines begin: an earlier run's lines (resume) come before. */
  private startByte: number | undefined;

  open(): void {
    this.fd = fs.openSync(this.path, 'a', 0o600);
    const size = fs.fstatSync(this.fd).size;
    // A kill can leave a torn last line: end it, so the first new entry is not glued onto it.
    if (size > 0 && lastByte(this.path, size) !== 0x0a) fs.writeSync(this.fd, '\n');
    this.startByte = fs.fstatSync(this.fd).size;
  }

  append(entry: Omit<JournalEntry, 't'>): void {
    if (this.fd === undefined) this.open();
    fs.writeSync(this.fd!, JSON.stringify({ t: new Date().toISOString(), ...entry }) + '\n');
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }

  /** The entries this process appended (none when it never opened the journal). */
  appended(): JournalEntry[] {
    return this.startByte === undefined ? [] : readJournal(this.path, this.startByte);
  }
}

function lastByte(path: string, size: number): number | undefined {
  const fd = fs.openSync(path, 'r');
  try {
    const byte = Buffer.alloc(1);
    return fs.readSync(fd, byte, 0, 1, size - 1) === 1 ? byte[0] : undefined;
  } finally {
    fs.closeSync(fd);
  }
}

/** Entries of an existing journal, from a byte offset; a line torn by a kill is ignored. */
export function readJournal(path: string, fromByte = 0): JournalEntry[] {
  if (!fs.existsSync(path)) return [];
  const entries: JournalEntry[] = [];
  for (const line of fs.readFileSync(path).subarray(fromByte).toString('utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      entries.push(JSON.parse(line) as JournalEntry);
    } catch {
      // A partial last line from a killed process.
    }
  }
  return entries;
}

export function isDone(outcome: Outcome): boolean {
  return outcome === 'created' || outcome === 'updated' || outcome === 'unchanged';
}
