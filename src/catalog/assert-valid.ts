// A scan with errors refuses the push (or convert) before anything is written; --skip-invalid
// goes on with the valid rows unless an error belongs to no row (a missing column, a bad file).
import { InputError } from '../errors.js';
import type { CatalogScan } from './scan.js';
import { formatIssue } from './types.js';

/** Input problems listed when a push refuses an invalid file. */
export const MAX_ISSUES_SHOWN = 50;

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
    throw new InputError(
      `${errors.length} problem${errors.length === 1 ? '' : 's'} in the input; nothing was written.${skipInvalid ? '' : ` (--skip-invalid ${doneWithValidRows} the valid rows)`}`,
      shown,
    );
  }
}
