// jasper-push sandbox: the local Jasper-compatible API, until Ctrl-C.
import { once } from 'node:events';
import { UsageError } from '../../errors.js';
import { parseRateLimit, type SandboxFaults } from '../../sandbox/index.js';
import { serveSandbox } from '../../sandbox/serve.js';
import type { CommandContext } from '../context.js';
import { EXIT_OK } from '../exit-codes.js';

export interface SandboxCommandOptions {
  port: string;
  key?: string;
  data?: string;
  latency: string;
  errorRate: string;
  rateLimit?: string;
  seed?: string;
  dropAfterApply: string;
  errorAfterApply: string;
  hangRate: string;
  burst429: string;
  burstLength: string;
}

export async function runSandbox(context: CommandContext, options: SandboxCommandOptions): Promise<number> {
  const faults: SandboxFaults = {
    latencyMs: number(options.latency, '--latency', 0, Infinity),
    errorRate: number(options.errorRate, '--error-rate', 0, 1),
    dropAfterApplyRate: number(options.dropAfterApply, '--drop-after-apply', 0, 1),
    errorAfterApplyRate: number(options.errorAfterApply, '--error-after-apply', 0, 1),
    hangRate: number(options.hangRate, '--hang-rate', 0, 1),
    burst429Rate: number(options.burst429, '--burst-429', 0, 1),
    burstLength: number(options.burstLength, '--burst-length', 1, 10_000),
  };
  if (options.rateLimit) {
    try {
      faults.rateLimit = parseRateLimit(options.rateLimit);
    } catch (error) {
      throw new UsageError(`--rate-limit: ${(error as Error).message}`);
    }
  }
  const handle = await serveSandbox(
    {
      port: port(options.port),
      ...(options.key ? { keys: [options.key] } : {}),
      ...(options.data ? { dataFile: options.data } : {}),
      ...(options.seed ? { seed: number(options.seed, '--seed', 0, Number.MAX_SAFE_INTEGER) } : {}),
      faults,
    },
    (line) => context.term.streams.stderr.write(line + '\n'),
  );
  if (context.term.json) context.term.resultJson({ url: handle.url, port: handle.port });
  else context.term.result(handle.url);
  await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
  await handle.close();
  return EXIT_OK;
}

function port(raw: string): number {
  const value = number(raw, '--port', 0, 65535);
  if (!Number.isInteger(value)) throw new UsageError(`--port must be a whole number from 0 to 65535; got "${raw}".`);
  return value;
}

function number(raw: string, flag: string, min: number, max: number): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new UsageError(`${flag} must be a number${max === Infinity ? ` ≥ ${min}` : ` from ${min} to ${max}`}; got "${raw}".`);
  }
  return value;
}
