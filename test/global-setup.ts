// One folder for the whole run's scratch folders, removed when the run ends. The set-up snapshots a
// worker keeps for every file it runs (helpers/tenant.ts) can only go then: Vitest ends its worker
// processes without their 'exit' event, so a cleanup there never ran and each run left its
// snapshots in /tmp. Workers inherit the variable; the CLI the tests start does not (JASPER_* are
// left out of its environment).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'jp-suite-'));
  process.env.JASPER_PUSH_TEST_TMP = root;
  return () => fs.rmSync(root, { recursive: true, force: true });
}
