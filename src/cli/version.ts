// The tool's own version, from our package.json (dist/cli/ → package root).
import { readFileSync } from 'node:fs';

/** Read once: --version, a run's report and its first log line all ask. */
let version: string | undefined;

export function packageVersion(): string {
  return (version ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version);
}
