// --from commercetools is a project over HTTP, not files (SPEC §11), and is another branch's
// work. The seam: a function exports the project into section 3 files in a directory, which the
// push then reads as `jasper` files. Until it is wired in, the name is known and says so.

import { UsageError } from '../../errors.js';

/** Exports a commercetools project into section 3 files under `directory`; returns their paths. */
export type CommercetoolsExport = (directory: string) => Promise<string[]>;

export function commercetoolsNotAvailable(): never {
  throw new UsageError('--from commercetools is not available in this build yet (SPEC §11).');
}
