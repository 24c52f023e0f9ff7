// Mutation scores per folder and per file from reports/mutation/mutation.json (npm run mutation).
//   node tools/stryker/scores.mjs                          the scores of the run
//   node tools/stryker/scores.mjs --without test/a.test.ts,test/b.test.ts
//                                                          the scores had those test files not existed
// With MUTATION_ALL_KILLERS=1 the run executes every covering test for every mutant (disableBail), so
// a mutant's killedBy lists every test that kills it and leaving test files out needs no second run;
// a default run stops at the first killer, and --without then undercounts. A timed-out mutant counts as
// detected when a remaining test covers it. Score = (killed + timeout) / (all − ignored − errors),
// as Stryker counts it (mutants no test covers count as survivors).
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const without = new Set((args[args.indexOf('--without') + 1] ?? '').split(',').filter((file) => args.includes('--without') && file !== ''));
const report = JSON.parse(fs.readFileSync('reports/mutation/mutation.json', 'utf8'));
const root = report.projectRoot ?? process.cwd();
const relative = (file) => (path.isAbsolute(file) ? path.relative(root, file) : file);

const testFile = new Map();
for (const [file, { tests }] of Object.entries(report.testFiles ?? {})) for (const test of tests) testFile.set(test.id, relative(file));
const kept = (ids = []) => ids.filter((id) => !without.has(testFile.get(id)));

const rows = new Map();
const add = (name, detected, valid) => {
  const row = rows.get(name) ?? { detected: 0, valid: 0 };
  row.detected += detected;
  row.valid += valid;
  rows.set(name, row);
};
for (const [file, { mutants }] of Object.entries(report.files)) {
  for (const mutant of mutants) {
    if (mutant.status === 'Ignored' || mutant.status === 'CompileError' || mutant.status === 'RuntimeError') continue;
    const detected =
      mutant.status === 'Killed'
        ? kept(mutant.killedBy).length > 0
        : mutant.status === 'Timeout'
          ? kept(mutant.coveredBy).length > 0 || without.size === 0
          : false;
    for (const name of [path.dirname(file), file]) add(name, detected ? 1 : 0, 1);
  }
}
for (const [name, { detected, valid }] of [...rows].sort(([a], [b]) => (a < b ? -1 : 1))) {
  console.log(`${name.padEnd(40)} ${((100 * detected) / valid).toFixed(2).padStart(6)} %  (${detected} of ${valid} mutants detected)`);
}
