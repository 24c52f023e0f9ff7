// The gate between reading and acting: an input with errors is refused whole, or, with
// --skip-invalid, only its invalid rows are left out (an error outside any row still refuses it).
import { InputError } from '../errors.js';
import type { CatalogScan } from './scan.js';
import { formatIssue } from './types.js';
import { counted } from '../counted.js';

/** Input problems listed when a push or a convert refuses an invalid file. */
export const MAX_ISSUES_SHOWN = 50;

/** `doneWithValidRows`: what --skip-invalid does with the valid rows ("pushes", "converts"). */
export function assertValid(read: Pick<CatalogScan, 'issues' | 'rejected'>, skipInvalid: boolean, doneWithValidRows = 'pushes'): void {
  const errors = read.issues.filter((issue) => issue.severity === 'error');
  if (errors.length === 0) return;
  const ofRows = new Set(read.rejected.flatMap((row) => row.issues));
  const rowless = errors.filter((issue) => !ofRows.has(issue));
  if (!skipInvalid || rowless.length > 0) {
    const all = skipInvalid ? rowless : errors;
    // A broken export can have an error on every row: show enough to act on, not a wall.
    const shown = all.slice(0, MAX_ISSUES_SHOWN).map(formatIssue);
    if (all.length > MAX_ISSUES_SHOWN) shown.push(`… and ${all.length - MAX_ISSUES_SHOWN} more (jasper-push validate lists them all)`);
    // --skip-invalid helps only when every problem is a row's: a missing or unreadable file is not.
    const hint = skipInvalid || rowless.length > 0 ? '' : ` (--skip-invalid ${doneWithValidRows} the valid rows)`;
    throw new InputError(`${counted(errors.length, 'problem')} in the input; nothing was written.${hint}`, shown);
  }
}
