// The public datasets some tests read (see ../shared/datasets/README.md): found through
// JASPER_PUSH_DATASETS or in ../shared/datasets beside the checkout. Absent, those tests skip
// and say which dataset they need and how to get it; no other test reads them.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './cli.js';

type DatasetName = 'commercetools-sunrise' | 'magento2-luma' | 'woocommerce-sample';

const said = new Set<string>();

/** Where the datasets are looked for. */
export function datasetsRoot(): string {
  return path.resolve(process.env.JASPER_PUSH_DATASETS || path.join(ROOT, '../shared/datasets'));
}

/**
 * The dataset's folder and whether it is there. When it is not, says so once per test process
 * (tests that need it skip with `describe.skipIf(!x.present)` / `it.skipIf`).
 */
export function dataset(name: DatasetName): { dir: string; present: boolean } {
  const dir = path.join(datasetsRoot(), name);
  const present = fs.existsSync(dir);
  if (!present && !said.has(name)) {
    said.add(name);
    console.warn(
      `Skipping the tests that need the ${name} dataset: ${dir} is missing. ` +
        'Run `npm run datasets` to fetch the public datasets (pinned commits, SHA-256 checked), ' +
        'or set JASPER_PUSH_DATASETS to a folder that holds them.',
    );
  }
  return { dir, present };
}
