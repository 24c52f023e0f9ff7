// Which options each command documents (read from the CLI's own commander tree, what --help
// prints), and the options whose CLI test lives in another file: `command option` → that file,
// which must name the option.
import { PassThrough } from 'node:stream';
import type { Command } from 'commander';
import { buildProgram } from '../../src/cli/program.js';

/** command (`jasper-push` for the global options) → its long options, as --help lists them. */
export function helpOptions(): Map<string, string[]> {
  const stream = new PassThrough();
  const program = buildProgram({ stdout: stream, stderr: stream, stdin: stream, env: {} }, () => undefined);
  const found = new Map<string, string[]>();
  const walk = (command: Command, name: string) => {
    if (command.options.length > 0 || command.commands.length === 0) found.set(name, command.options.map((option) => option.long!).filter(Boolean));
    for (const sub of command.commands) walk(sub, name === 'jasper-push' ? sub.name() : `${name} ${sub.name()}`);
  };
  walk(program, 'jasper-push');
  return found;
}

/** Options driven through the CLI by another test file. */
export const COVERED_ELSEWHERE: Record<string, string> = {
  'jasper-push --version': 'e2e-install.test.ts',
  'jasper-push --profile': 'e2e-foundation.test.ts',
  'jasper-push --api-url': 'e2e-foundation.test.ts',
  'jasper-push --api-key': 'e2e-foundation.test.ts',
  'jasper-push --json': 'e2e-push.test.ts',
  'jasper-push --verbose': 'e2e-foundation.test.ts',
  'jasper-push --allow-http': 'e2e-foundation.test.ts',
  'ping --commercetools': 'e2e-commercetools-ping.test.ts',
  'rotate-key --stdin': 'e2e-foundation.test.ts',
  'rotate-key --commercetools': 'e2e-commercetools-ping.test.ts',
  'push products --throttle-limit': 'e2e-throttle.test.ts',
  'push products --throttle-seconds': 'e2e-throttle.test.ts',
  'push products --dry-run': 'e2e-push.test.ts',
  'push products --full': 'e2e-push.test.ts',
  'push products --resume': 'e2e-faults.test.ts',
  'push products --run-dir': 'e2e-report.test.ts',
  'push products --variant-mode': 'e2e-push.test.ts',
  'push products --max-retries': 'e2e-faults.test.ts',
  'push products --skip-invalid': 'e2e-bad-input.test.ts',
  'push products --reconcile': 'e2e-push.test.ts',
  'push products --prune': 'e2e-media.test.ts',
  'push products --wait': 'e2e-faults.test.ts',
  'push products --feed': 'e2e-feeds.test.ts',
  'push products --disable-missing': 'e2e-feeds.test.ts',
  'push products --max-disable': 'e2e-feeds.test.ts',
  'push products --from': 'e2e-sources.test.ts',
  'push products --location': 'e2e-sources.test.ts',
  'push products --source-concurrency': 'e2e-commercetools-faults.test.ts',
  'validate --from': 'e2e-sources.test.ts',
  'validate --media-url': 'e2e-sources.test.ts',
  'validate --source-concurrency': 'e2e-commercetools.test.ts',
  'convert --out': 'e2e-sources.test.ts',
  'convert --from': 'e2e-sources.test.ts',
  'convert --location': 'e2e-sources-magento.test.ts',
  'convert --media-url': 'e2e-sources-magento.test.ts',
  'report --run-dir': 'e2e-report.test.ts',
  'report --open': 'e2e-report.test.ts',
  'config set --stdin': 'e2e-foundation.test.ts',
  'push products --notify': 'e2e-notify.test.ts',
  'push products --allow-missing-links': 'e2e-links.test.ts',
  'undo --force': 'e2e-undo.test.ts',
  'undo --dry-run': 'e2e-undo.test.ts',
  'undo --notify': 'e2e-notify.test.ts',
};
