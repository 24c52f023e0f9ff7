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

  /** The entries this process appended since the last call (none when it never opened the journal). */
  takeAppended(): JournalEntry[] {
    if (this.startByte === undefined) return [];
    const entries = readJournal(this.path, this.startByte);
    this.startByte = fs.statSync(this.path).size;
    return entries;
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
  for (const line of readFrom(path, fromByte).split('\n')) {
    if (line.trim() === '') continue;
    try {
      entries.push(JSON.parse(line) as JournalEntry);
    } catch {
      // A partial last line from a killed process.
    }
  }
  return entries;
}

/** The file's text from a byte offset, without reading what comes before it. */
function readFrom(path: string, fromByte: number): string {
  const fd = fs.openSync(path, 'r');
  try {
    const length = Math.max(0, fs.fstatSync(fd).size - fromByte);
    const buffer = Buffer.alloc(length);
    let read = 0;
    while (read < length) {
      const n = fs.readSync(fd, buffer, read, length - read, fromByte + read);
      if (n === 0) break;
      read += n;
    }
    return buffer.subarray(0, read).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

export function isDone(outcome: Outcome): boolean {
  return outcome === 'created' || outcome === 'updated' || outcome === 'unchanged';
}
