// `jasper-push sandbox`: start the sandbox and tell the user how to point the CLI at it.
// Output goes through `log` so the command decides where it lands (stderr, a test buffer).

import { startSandbox, type StartedSandbox } from './server.js';
import type { SandboxFaults, SandboxOptions } from './types.js';

export async function serveSandbox(opts: SandboxOptions, log: (line: string) => void): Promise<StartedSandbox> {
  const handle = await startSandbox(opts);
  // A generated key is a throwaway and safe to show; a key the user chose may be reused
  // elsewhere, so only its last 4 characters are shown.
  const generated = opts.keys === undefined;
  const key = handle.keys[0] ?? '';
  const shownKey = generated ? key : `****${key.slice(-4)}`;
  const pasteKey = generated ? key : "'<your --key>'";
  const state = handle.state();

  log(`Jasper sandbox listening on ${handle.url}`);
  log(`  API key:  ${shownKey}${generated ? ' (generated for this run)' : ''}`);
  if (handle.keys.length > 1) log(`  (${handle.keys.length} keys accepted)`);
  log(
    opts.dataFile
      ? `  Data:     ${opts.dataFile} (${state.products.length} products, ${state.categories.length} categories loaded)`
      : '  Data:     in memory, lost when the sandbox stops (use --data <file.json> to keep it)',
  );
  const faults = describeFaults(opts.faults ?? {});
  if (faults) log(`  Faults:   ${faults} (seed ${handle.seed})`);
  log('Try it:');
  log(`  JASPER_API_URL=${handle.url} JASPER_API_KEY=${pasteKey} jasper-push ping`);
  log('Press Ctrl-C to stop.');
  return handle;
}

export function describeFaults(f: SandboxFaults): string {
  const pct = (r: number) => `${Math.round(r * 1000) / 10}%`;
  const parts: string[] = [];
  if (f.latencyMs) parts.push(`latency ${f.latencyMs} ms`);
  if (f.errorRate) parts.push(`errors ${pct(f.errorRate)}`);
  if (f.errorAfterApplyRate) parts.push(`500 after write ${pct(f.errorAfterApplyRate)}`);
  if (f.dropAfterApplyRate) parts.push(`dropped after write ${pct(f.dropAfterApplyRate)}`);
  if (f.hangRate) parts.push(`hangs ${pct(f.hangRate)}`);
  if (f.rateLimit) parts.push(`rate limit ${f.rateLimit.limit} per ${f.rateLimit.seconds} s`);
  if (f.burst429Rate) parts.push(`429 bursts ${pct(f.burst429Rate)} x${f.burstLength ?? 5}`);
  return parts.join(', ');
}
