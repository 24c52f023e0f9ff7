// The report of a run: the one named, or the latest run's that has one.
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { listRuns } from '../run/run-dir.js';
import { REPORT_FILE } from './write-report.js';

export function findReport(runDir: string, runId?: string): { runId: string; file: string } {
  const runs = listRuns(runDir);
  if (runId !== undefined) {
    const run = runs.find((candidate) => candidate.id === runId);
    if (!run) throw new UsageError(`No run "${runId}" in ${runDir}.${runs.length > 0 ? ` The latest is ${runs[runs.length - 1]!.id}.` : ''}`);
    const file = path.join(run.path, REPORT_FILE);
    if (!fs.existsSync(file))
      throw new UsageError(`Run ${runId} has no ${REPORT_FILE}: it was stopped before its run files were written, or made by an older jasper-push.`);
    return { runId: run.id, file: path.resolve(file) };
  }
  const latest = runs.reverse().find((run) => fs.existsSync(path.join(run.path, REPORT_FILE)));
  if (!latest)
    throw new UsageError(`No run with a ${REPORT_FILE} in ${runDir}: push something first (a --dry-run writes one too), or say where runs are with --run-dir.`);
  return { runId: latest.id, file: path.resolve(latest.path, REPORT_FILE) };
}
