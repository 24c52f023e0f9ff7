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

  open(): void {
    this.fd = fs.openSync(this.path, 'a', 0o600);
  }

  append(entry: Omit<JournalEntry, 't'>): void {
    if (this.fd === undefined) this.open();
    fs.writeSync(this.fd!, JSON.stringify({ t: new Date().toISOString(), ...entry }) + '\n');
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}

/** Entries of an existing journal; a line torn by a kill is ignored. */
export function readJournal(path: string): JournalEntry[] {
  if (!fs.existsSync(path)) return [];
  const entries: JournalEntry[] = [];
  for (const line of fs.readFileSync(path, 'utf8').split('\n')) {
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
