// The tool's own version, from our package.json.
import { readFileSync } from 'node:fs';
import { packageFile } from './package-files.js';

/** Read once: --version, a run's report and its first log line all ask. */
let version: string | undefined;

export function packageVersion(): string {
  return (version ??= (JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string }).version);
}
