// summary.json: the run's figures (shared with report.html) and where its files are. Plain data.
import type { PushOptions, PushResult } from './push-result.js';
import { runFigures } from './report-data.js';

export function summaryDocument(result: PushResult, options: PushOptions): unknown {
  return {
    ...runFigures(result, options),
    files: result.files,
    delta: result.mode === 'delta',
    ...(options.prune ? { pruned: result.pruned ?? [] } : {}),
    stopped: result.stop ? { reason: result.stop.kind, ...('error' in result.stop ? { error: result.stop.error.message } : {}) } : null,
    failuresFile: result.failuresFile ?? null,
    resultsFile: result.resultsFile ?? null,
    reportFile: result.reportFile ?? null,
    feed: result.feed,
    ...(result.source ? { source: result.source } : {}),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}
