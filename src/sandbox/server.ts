// Starting and stopping the sandbox: a node:http server on loopback only, with the store,
// the router and the fault engine wired into the request pipeline.

import { randomBytes } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import { isIPv4, type AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { FaultEngine } from './faults.js';
import { mulberry32, randomSeed } from './prng.js';
import { API_PREFIX, handleRequest, type PipelineDeps } from './request-pipeline.js';
import { Router } from './router.js';
import { ROUTES } from './routes/index.js';
import { Store } from './store.js';
import type { RequestRecord, SandboxHandle, SandboxOptions } from './types.js';

export const DEFAULT_HOST = '127.0.0.1';

/** The handle, plus the seed in use so a run with random faults can be replayed. */
export interface StartedSandbox extends SandboxHandle {
  readonly seed: number;
}

/** The sandbox holds test data behind a throwaway key: it must never face a network. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  return isIPv4(v4) && v4.startsWith('127.');
}

export function generateKey(): string {
  return `sandbox_${randomBytes(20).toString('hex')}`;
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<StartedSandbox> {
  const host = opts.host ?? DEFAULT_HOST;
  if (!isLoopback(host)) {
    throw new Error(`The sandbox only listens on loopback (127.0.0.1, ::1 or localhost), not "${host}".`);
  }
  const keys = new Set(opts.keys ?? [generateKey()]);
  for (const k of keys) checkKey(k);
  const seed = opts.seed ?? randomSeed();
  const clock = () => performance.timeOrigin + performance.now();
  const requests: RequestRecord[] = [];
  const hung = new Set<ServerResponse>();
  const closing = new AbortController();
  const deps: PipelineDeps = {
    store: new Store(opts.dataFile),
    router: new Router(ROUTES),
    faults: new FaultEngine(mulberry32(seed), opts.now ?? clock, opts.faults),
    keys,
    requests,
    hung,
    closing: closing.signal,
    clock,
    fallbackRoot: '',
    strict: opts.strict ?? false,
  };

  const server = createServer((req, res) => {
    handleRequest(deps, req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') reject(new Error(`Port ${opts.port} is already in use on ${host}; choose another port.`));
      else reject(new Error(`The sandbox could not listen on ${host}:${opts.port ?? 0}: ${err.message}`));
    });
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host.replace(/^\[|\]$/g, '')}]` : host}:${port}${API_PREFIX}`;
  deps.fallbackRoot = url;

  let closed: Promise<void> | undefined;
  return {
    url,
    port,
    seed,
    get keys() {
      return [...keys];
    },
    requests,
    state: () => deps.store.snapshot(),
    setFaults: (f) => deps.faults.set(f),
    addKey: (k) => {
      checkKey(k);
      keys.add(k);
    },
    revokeKey: (k) => {
      keys.delete(k);
    },
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        closing.abort();
        server.close(() => resolve());
        for (const res of hung) res.destroy();
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

function checkKey(k: string): void {
  if (typeof k !== 'string' || k.trim() === '' || /\s/.test(k)) {
    throw new Error('A sandbox API key must be a non-empty string without spaces.');
  }
}
