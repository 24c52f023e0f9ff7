// Run folders: <run-dir>/<run-id>/ with run.json describing the run, so --resume can find the
// latest run for this tenant and these inputs.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { CatalogKind } from '../catalog/types.js';
import { UsageError } from '../errors.js';
import { tenantId } from '../files/tenant-id.js';
import { writeFileAtomic } from '../files/atomic-write.js';

export const DEFAULT_RUN_DIR = '.jasper-push/runs';

export interface RunMeta {
  runId: string;
  tenant: string;
  apiUrl: string;
  kind: CatalogKind;
  files: string[];
  startedAt: string;
  resumedAt?: string[];
  /** A dry run's folder holds its plan and report, nothing to resume. */
  dryRun?: boolean;
  /** Set when an attempt reached its end (not killed); cleared when the run is resumed. */
  ended?: RunEnd;
}

export interface RunEnd {
  at: string;
  /** Nothing is left to do: no row failed, was skipped or left, no disable missed. */
  complete: boolean;
}

export interface RunFolder {
  id: string;
  path: string;
  meta: RunMeta;
  resumed: boolean;
  /**
   * A resumed run whose last attempt reached its end: that attempt gave the change cache its
   * journal as it went, so it is not folded in again (a later run may have written since).
   */
  endedBefore?: RunEnd;
}

/** `20261126-111624-123-9f3a`: sorts by start time, to the millisecond. */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').replace('.', '-').slice(0, 19);
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

export function createRunFolder(runDir: string, apiUrl: string, kind: CatalogKind, files: string[], id = newRunId(), dryRun = false): RunFolder {
  const folder = path.join(runDir, id);
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  const meta: RunMeta = {
    runId: id,
    tenant: tenantId(apiUrl),
    apiUrl,
    kind,
    files: files.map((file) => path.resolve(file)),
    startedAt: new Date().toISOString(),
    ...(dryRun ? { dryRun: true } : {}),
  };
  writeMeta(folder, meta);
  return { id, path: folder, meta, resumed: false };
}

/** The run to continue: the one named, or the latest for this tenant, kind and inputs; marked as resumed. */
export function findRunToResume(runDir: string, runId: string | true, apiUrl: string, kind: CatalogKind, files: string[]): RunFolder {
  const run = findRun(runDir, runId, apiUrl, kind, files);
  if (run.meta.ended?.complete) throw new UsageError(`Run ${run.id} finished with everything written: there is nothing to resume.`);
  const { ended, ...meta } = run.meta;
  meta.resumedAt = [...(meta.resumedAt ?? []), new Date().toISOString()];
  writeMeta(run.path, meta);
  return { ...run, meta, resumed: true, ...(ended ? { endedBefore: ended } : {}) };
}

/** The run `--resume` names (or the latest for this tenant, kind and inputs), read only. */
export function findRun(runDir: string, runId: string | true, apiUrl: string, kind: CatalogKind, files: string[]): RunFolder {
  const wanted = files.map((file) => path.resolve(file));
  const candidates = listRuns(runDir).filter(
    (run) =>
      !run.meta.dryRun &&
      (runId === true ? run.meta.tenant === tenantId(apiUrl) && run.meta.kind === kind && sameFiles(run.meta.files, wanted) : run.id === runId),
  );
  const run = candidates.sort((a, b) => (a.meta.startedAt < b.meta.startedAt ? 1 : -1))[0];
  if (!run) {
    if (runId !== true && listRuns(runDir).some((dry) => dry.id === runId)) {
      throw new UsageError(`Run "${runId}" was a dry run: it wrote nothing, so there is nothing to resume.`);
    }
    throw new UsageError(
      runId === true ? `No earlier run of "push ${kind}" with these files against ${apiUrl} in ${runDir} to resume.` : `No run "${runId}" in ${runDir}.`,
    );
  }
  if (run.meta.tenant !== tenantId(apiUrl)) {
    throw new UsageError(`Run ${run.id} was against ${run.meta.apiUrl}, not ${apiUrl}.`);
  }
  return run;
}

/** Records that an attempt of the run reached its end, and whether anything is left to do. */
export function markEnded(run: RunFolder, complete: boolean): void {
  run.meta.ended = { at: new Date().toISOString(), complete };
  writeMeta(run.path, run.meta);
}

function writeMeta(folder: string, meta: RunMeta): void {
  writeFileAtomic(path.join(folder, 'run.json'), JSON.stringify(meta, null, 2), 0o644);
}

/** Every run folder under runDir, oldest first (run ids sort by start time). */
export function listRuns(runDir: string): RunFolder[] {
  if (!fs.existsSync(runDir)) return [];
  const runs: RunFolder[] = [];
  for (const id of fs.readdirSync(runDir)) {
    try {
      const meta = JSON.parse(fs.readFileSync(path.join(runDir, id, 'run.json'), 'utf8')) as RunMeta;
      runs.push({ id, path: path.join(runDir, id), meta, resumed: false });
    } catch {
      // Not a run folder.
    }
  }
  return runs.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function sameFiles(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((file, index) => file === b[index]);
}

/** The run `--resume` names when its last attempt finished with everything written (nothing to resume), else undefined. */
export function completedRun(runDir: string, runId: string | true, apiUrl: string, kind: CatalogKind, files: string[]): RunFolder | undefined {
  const run = findRun(runDir, runId, apiUrl, kind, files);
  return run.meta.ended?.complete ? run : undefined;
}
