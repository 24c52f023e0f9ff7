// `--since last`: when the last successful push from a commercetools project to a Jasper tenant
// started reading, by commercetools' own clock (the Date of its answer), so a clock on this
// machine that runs ahead cannot make a nightly run skip a change. Kept beside the change cache.
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../errors.js';
import { writeFileAtomic } from '../../files/atomic-write.js';
import { tenantId } from '../../files/tenant-id.js';
import type { CommercetoolsSettings } from './settings.js';

const STATE_FILE = 'commercetools-sync.json';

type SyncState = Record<string, { lastSuccessfulReadAt: string; runId?: string }>;

export interface SyncKey {
  settings: Pick<CommercetoolsSettings, 'apiUrl' | 'projectKey'>;
  jasperApiUrl: string;
  staged: boolean;
}

function keyOf({ settings, jasperApiUrl, staged }: SyncKey): string {
  return `${settings.apiUrl}/${settings.projectKey} ${staged ? 'staged' : 'current'} → ${tenantId(jasperApiUrl)}`;
}

function read(stateDir: string): SyncState {
  try {
    return JSON.parse(fs.readFileSync(path.join(stateDir, STATE_FILE), 'utf8')) as SyncState;
  } catch {
    return {};
  }
}

export function lastSuccessfulRead(stateDir: string, key: SyncKey): Date | undefined {
  const entry = read(stateDir)[keyOf(key)];
  return entry ? new Date(entry.lastSuccessfulReadAt) : undefined;
}

export function recordSuccessfulRead(stateDir: string, key: SyncKey, readAt: string, runId: string | undefined): void {
  const state = read(stateDir);
  state[keyOf(key)] = { lastSuccessfulReadAt: readAt, ...(runId ? { runId } : {}) };
  fs.mkdirSync(stateDir, { recursive: true });
  writeFileAtomic(path.join(stateDir, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`, 0o600);
}

/**
 * `--since last` or an ISO date-time, checked: the instant, `last` (resolved against the state
 * when the read starts), or undefined for a full read. Only a push remembers reads: `last` is its own.
 */
export function parseSince(text: string | undefined, use: 'push' | 'validate' | 'convert'): Date | 'last' | undefined {
  if (text === undefined) return undefined;
  if (use === 'convert') throw new UsageError('--since goes with push: convert writes the whole project.');
  if (text === 'last') {
    if (use === 'push') return 'last';
    throw new UsageError('--since last belongs to a push (it means the last successful push); give validate a date-time.');
  }
  const since = new Date(text);
  if (Number.isNaN(since.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(text)) {
    throw new UsageError(`--since takes ${use === 'push' ? '"last" or ' : ''}a date-time like 2026-11-30T02:00:00Z; got "${text}".`);
  }
  return since;
}
