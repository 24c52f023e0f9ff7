// An undo's run folder: run.json names the run it takes back (`undoOf`), journal.jsonl has a
// line per finished step. Undoing the same run again continues that folder, so an interrupted
// undo finishes where it stopped and nothing is applied twice.
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { tenantId } from '../files/tenant-id.js';
import { listRuns, newRunId, type RunFolder } from '../run/run-dir.js';
import type { UndoItem } from './undo-types.js';

export interface UndoMeta {
  runId: string;
  tenant: string;
  apiUrl: string;
  kind: 'undo';
  files: string[];
  undoOf: string;
  startedAt: string;
  resumedAt?: string[];
  /** Every step done (or that cannot be done): nothing is left to take back. */
  finished?: boolean;
}

export interface UndoFolder {
  id: string;
  path: string;
  meta: UndoMeta;
  resumed: boolean;
}

export interface StepLine {
  step: string;
  outcome: 'done' | 'conflict' | 'cannot' | 'failed';
  items: UndoItem[];
}

/** The run to take back: it must exist, have written, and be this tenant's. */
export function findRunToUndo(runDir: string, runId: string, apiUrl: string): RunFolder {
  const run = listRuns(runDir).find((candidate) => candidate.id === runId);
  if (!run) throw new UsageError(`No run "${runId}" in ${runDir}: jasper-push undo takes the id of a run folder there.`);
  if (run.meta.dryRun) throw new UsageError(`Run "${runId}" was a dry run: it wrote nothing, so there is nothing to undo.`);
  if ((run.meta as unknown as UndoMeta).undoOf !== undefined)
    throw new UsageError(`Run "${runId}" is an undo; push the input again to redo what it took back.`);
  if (run.meta.tenant !== tenantId(apiUrl)) throw new UsageError(`Run ${runId} was against ${run.meta.apiUrl}, not ${apiUrl}.`);
  return run;
}

/** The undo of `undoOf` started earlier, if any. */
export function findUndo(runDir: string, undoOf: string): UndoFolder | undefined {
  const found = listRuns(runDir).find((run) => (run.meta as unknown as UndoMeta).undoOf === undoOf);
  return found ? { id: found.id, path: found.path, meta: found.meta as unknown as UndoMeta, resumed: true } : undefined;
}

export function createUndoFolder(runDir: string, apiUrl: string, undoOf: string): UndoFolder {
  const id = newRunId();
  const folder = path.join(runDir, id);
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  const meta: UndoMeta = { runId: id, tenant: tenantId(apiUrl), apiUrl, kind: 'undo', files: [], undoOf, startedAt: new Date().toISOString() };
  saveMeta(folder, meta);
  return { id, path: folder, meta, resumed: false };
}

export function saveMeta(folder: string, meta: UndoMeta): void {
  writeFileAtomic(path.join(folder, 'run.json'), JSON.stringify(meta, null, 2), 0o644);
}

/** journal.jsonl: one synchronous append per finished step, so a kill loses nothing done. */
export class StepJournal {
  readonly file: string;
  private fd: number | undefined;

  constructor(folder: string) {
    this.file = path.join(folder, 'journal.jsonl');
  }

  /** The steps finished for good: done, or that the API cannot do. A conflict or failure is tried again. */
  finished(): Set<string> {
    const finished = new Set<string>();
    for (const line of this.lines()) {
      if (line.outcome === 'done' || line.outcome === 'cannot') finished.add(line.step);
      else finished.delete(line.step);
    }
    return finished;
  }

  *lines(): Generator<StepLine> {
    if (!fs.existsSync(this.file)) return;
    for (const text of fs.readFileSync(this.file, 'utf8').split('\n')) {
      if (text.trim() === '') continue;
      try {
        yield JSON.parse(text) as StepLine;
      } catch {
        // A line torn by a kill.
      }
    }
  }

  append(line: StepLine): void {
    if (this.fd === undefined) {
      this.fd = fs.openSync(this.file, 'a', 0o600);
      // A kill can leave a torn last line: end it first.
      const size = fs.fstatSync(this.fd).size;
      if (size > 0) fs.writeSync(this.fd, '\n');
    }
    fs.writeSync(this.fd, JSON.stringify({ t: new Date().toISOString(), ...line }) + '\n');
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}
