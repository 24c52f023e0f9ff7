// One push per tenant at a time, so overlapping cron jobs cannot double the call rate.
// The lock is a file created exclusively; a lock whose process is gone is taken over.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LockedError } from '../errors.js';
import { tenantId } from '../files/tenant-id.js';
import { type Sleep, realSleep } from './backoff.js';

export const LOCK_POLL_MS = 1000;
const TORN_LOCK_AGE_MS = 5000;

export interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
  runId: string;
  apiUrl: string;
}

export interface TenantLock {
  holder: LockHolder;
  release(): void;
}

export interface LockOptions {
  wait?: boolean;
  sleep?: Sleep;
  onWait?: (holder: LockHolder) => void;
  signal?: AbortSignal;
}

export function lockPath(directory: string, apiUrl: string): string {
  return path.join(directory, 'locks', `${tenantId(apiUrl)}.lock`);
}

export async function acquireTenantLock(directory: string, apiUrl: string, runId: string, options: LockOptions = {}): Promise<TenantLock> {
  const file = lockPath(directory, apiUrl);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const holder: LockHolder = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString(), runId, apiUrl };
  let announced = false;
  for (;;) {
    if (tryCreate(file, holder)) {
      return {
        holder,
        release: () => {
          const current = readHolder(file);
          if (current?.pid === holder.pid && current.runId === runId) fs.rmSync(file, { force: true });
        },
      };
    }
    const other = readHolder(file);
    if (!other) {
      // Being written right now, or torn by a crash long ago.
      if (ageMs(file) > TORN_LOCK_AGE_MS) takeOver(file);
      else await (options.sleep ?? realSleep)(50);
      continue;
    }
    if (isStale(other)) {
      takeOver(file);
      continue;
    }
    if (!options.wait) {
      throw new LockedError(`Another push to ${apiUrl} is running: pid ${other.pid} on ${other.host}, started ${other.startedAt} (run ${other.runId}).`);
    }
    if (!announced) options.onWait?.(other);
    announced = true;
    if (options.signal?.aborted) throw new LockedError('Stopped while waiting for the tenant lock.');
    await (options.sleep ?? realSleep)(LOCK_POLL_MS, options.signal);
  }
}

function tryCreate(file: string, holder: LockHolder): boolean {
  try {
    fs.writeFileSync(file, JSON.stringify(holder), { flag: 'wx', mode: 0o600 });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** Move a dead lock aside; if a live one was moved by a race, put it back. */
function takeOver(file: string): void {
  const aside = `${file}.${process.pid}.stale`;
  try {
    fs.renameSync(file, aside);
  } catch {
    return;
  }
  const moved = readHolder(aside);
  if (moved && !isStale(moved)) {
    try {
      fs.linkSync(aside, file);
    } catch {
      // Someone else holds it now; they will be found on the next pass.
    }
  }
  fs.rmSync(aside, { force: true });
}

function ageMs(file: string): number {
  try {
    return Date.now() - fs.statSync(file).mtimeMs;
  } catch {
    return Infinity;
  }
}

function readHolder(file: string): LockHolder | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
}

/** A holder on this host whose process no longer exists. Another host's lock is never taken over. */
function isStale(holder: LockHolder): boolean {
  if (holder.host !== os.hostname()) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
