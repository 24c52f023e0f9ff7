// An API source (SPEC §11) is read into a spool folder of the run directory before the push reads
// its files: one folder per source and tenant, the same each run, so --resume pushes the
// interrupted run's read again instead of reading anew. The push locks the tenant only after the
// read: the spool's own lock keeps a second run (an overlapping cron job) from replacing the spool
// while the first still reads or pushes it. Only a complete read replaces the last one.
import fs from 'node:fs';
import path from 'node:path';
import type { CatalogSource, SourceRead, SourceReader } from '../catalog/index.js';
import { LockedError } from '../errors.js';
import { tenantId } from '../files/tenant-id.js';
import type { Sleep } from './backoff.js';
import { acquireTenantLock, type LockOptions } from './tenant-lock.js';

/** Hidden: it sorts before the run folders and holds no run.json, so nothing takes it for a run. */
export const SPOOL_DIR = '.spool';

/** What of a push's options the spool reads. */
export interface SpoolTarget {
  runDir: string;
  stateDir: string;
  /** The Jasper tenant the push writes to. */
  apiUrl: string;
  /** --resume: push the spool's last complete read again. */
  resume?: string | true;
  /** --wait: wait for the other run's lock instead of exiting 75. */
  wait?: boolean;
}

/** Ctrl-C stops a wait for the lock; tests wait on their own clock. */
interface Waiting {
  signal?: AbortSignal;
  sleep?: Sleep;
}

/** A read in the spool, held until `release` (when the push of it has ended). */
export interface SpooledRead extends SourceRead {
  release(): void;
}

export async function readIntoSpool(source: CatalogSource, reader: SourceReader, target: SpoolTarget, waiting: Waiting = {}): Promise<SpooledRead> {
  const spool = path.join(target.runDir, SPOOL_DIR, reader.spoolName(tenantId(target.apiUrl)));
  const lock = await lockSpool(`${source.name} ${reader.noun}`, spool, target.stateDir, {
    wait: Boolean(target.wait),
    ...(waiting.signal ? { signal: waiting.signal } : {}),
    ...(waiting.sleep ? { sleep: waiting.sleep } : {}),
  });
  try {
    const sync = { stateDir: target.stateDir, apiUrl: target.apiUrl };
    const read = target.resume ? reader.reopen(spool, sync) : await readAfresh(reader, spool, sync);
    return { ...read, release: () => lock.release() };
  } catch (error) {
    lock.release();
    throw error;
  }
}

async function readAfresh(reader: SourceReader, spool: string, sync: { stateDir: string; apiUrl: string }): Promise<SourceRead> {
  const fresh = `${spool}.reading`;
  fs.rmSync(fresh, { recursive: true, force: true });
  let read: SourceRead;
  try {
    read = await reader.read(fresh, sync);
  } catch (error) {
    fs.rmSync(fresh, { recursive: true, force: true });
    throw error;
  }
  fs.rmSync(spool, { recursive: true, force: true });
  fs.renameSync(fresh, spool);
  return { ...read, files: read.files.map((file) => path.join(spool, path.relative(fresh, file))) };
}

/** `what` names the read in the message: "commercetools project". */
async function lockSpool(what: string, spool: string, stateDir: string, options: LockOptions): Promise<{ release(): void }> {
  try {
    return await acquireTenantLock(stateDir, `spool:${path.resolve(spool)}`, `read-${process.pid}`, options);
  } catch (error) {
    if (!(error instanceof LockedError)) throw error;
    throw new LockedError(`Another push is reading or pushing this ${what} into ${spool} (${error.message.replace(/^.*is running: /, '')}`);
  }
}
