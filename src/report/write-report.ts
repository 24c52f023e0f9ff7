// Writes report.html beside summary.json: the run's data in, one file out.
import path from 'node:path';
import { writeFileAtomic } from '../files/atomic-write.js';
import { reportHtml } from './report-html.js';
import type { RunReport } from './report-data.js';

export const REPORT_FILE = 'report.html';

export function writeReport(runPath: string, report: RunReport): string {
  const file = path.join(runPath, REPORT_FILE);
  writeFileAtomic(file, reportHtml(report), 0o644);
  return file;
}
