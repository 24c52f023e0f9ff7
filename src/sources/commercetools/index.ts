// --from commercetools reads a project over its HTTP API (SPEC §11); that reader is another
// branch's work. The seam: a function exports the project into section 3 files in a directory,
// and the push, validate or convert then reads them as `jasper` files. Until it is wired in
// here, the name is known and says it is not available.

import { UsageError } from '../../errors.js';

/** Exports the configured commercetools project into section 3 files under `directory`; returns their paths. */
export type CommercetoolsExport = (directory: string) => Promise<string[]>;

export const exportCommercetoolsProject: CommercetoolsExport = async () => {
  throw new UsageError('--from commercetools is not available in this build yet (SPEC §11).');
};
