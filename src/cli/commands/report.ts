// jasper-push report [run-id] [--open]: the path of a run's report.html (the latest run's by default).
import { findReport } from '../../report/find-report.js';
import { DEFAULT_RUN_DIR } from '../../run/run-dir.js';
import type { CommandContext } from '../context.js';
import { EXIT_OK } from '../exit-codes.js';

export interface ReportOptions {
  runDir?: string;
  open?: boolean;
}

export async function runReport(context: CommandContext, runId: string | undefined, options: ReportOptions): Promise<number> {
  const { term } = context;
  const report = findReport(options.runDir ?? DEFAULT_RUN_DIR, runId);
  if (term.json) term.resultJson(report);
  else term.result(report.file);
  if (options.open) {
    // Loaded only when asked: it finds the desktop's browser (xdg-open, open, start).
    const { default: open } = await import('open');
    await open(report.file);
  }
  return EXIT_OK;
}
