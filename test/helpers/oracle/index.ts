// An oracle for end-to-end tests that shares no code with src/: the state a tenant must hold
// after pushing section 3 files, derived from the SPEC by its own reader, compared field by
// field with the tenant's data. Anything missing, different, extra or held twice is a problem.
import { actualDigest, type JasperState } from './actual.js';
import { differences } from './digest.js';
import { expectedDigest, type VariantMode } from './expected.js';
import { type InputKind, type ReadOptions, readInput } from './read.js';

export type { JasperState } from './actual.js';

/** One push: its kind and its files, in push order. */
export type Push = [InputKind, string[]];

export interface OracleOptions extends ReadOptions {
  variantMode?: VariantMode;
}

/** Every way the tenant's state differs from what the pushes must have left; [] when exact. */
export function oracleProblems(state: JasperState, pushes: Push[], options: OracleOptions = {}): string[] {
  const catalogs = pushes.flatMap(([kind, files]) => files.map((file) => readInput(kind, file, options)));
  const { digest, duplicates } = actualDigest(state);
  return [...duplicates, ...differences(digest, expectedDigest(catalogs, options.variantMode))];
}
