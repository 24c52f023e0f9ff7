// Prints the failed tests of Vitest JSON reports (file, test name, the first lines of its error),
// so the end of a CI log names what failed even when a later step's output has pushed the
// failing run's own summary out of view.
import fs from 'node:fs';

const ANSI = /\x1b\[[0-9;]*m/g;
const LINES_PER_ERROR = 12;

for (const report of process.argv.slice(2)) {
  if (!fs.existsSync(report)) {
    console.log(`::: ${report}: no report (the run ended before Vitest wrote it)`);
    continue;
  }
  const { testResults = [] } = JSON.parse(fs.readFileSync(report, 'utf8'));
  for (const file of testResults) {
    const failed = (file.assertionResults ?? []).filter((test) => test.status === 'failed');
    if (failed.length === 0 && file.status === 'failed') console.log(`::: ${file.name}\n${(file.message ?? '').replace(ANSI, '')}`);
    for (const test of failed) {
      console.log(`::: ${file.name} > ${test.fullName}`);
      const message = (test.failureMessages ?? []).join('\n').replace(ANSI, '');
      console.log(message.split('\n').slice(0, LINES_PER_ERROR).join('\n'));
    }
  }
}
