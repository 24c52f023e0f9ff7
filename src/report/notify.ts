// --notify <url> (SPEC §7): when a run ends (a push, an undo, a commercetools sync; any exit code),
// one POST of application/json saying how it went. Plain data in, one request out; what to do when
// it fails (a warning, never another exit code) is the caller's.
import type { FailureExample, OutcomeCounts } from './push-result.js';

/** A receiver that does not answer in this time is given up on: the run is over, the notice is a courtesy. */
export const NOTIFY_TIMEOUT_MS = 10_000;

/** What ended, as the caller knows it. Every field but the command, tenant, exit code and duration is optional. */
export interface RunEnd {
  /** `push products`, `undo`… */
  command: string;
  version: string;
  profile: string;
  /** The tenant's host. */
  tenant: string;
  runId?: string | undefined;
  exitCode: number;
  durationMs: number;
  rows?: (OutcomeCounts & { total: number }) | undefined;
  calls?: number | undefined;
  failures?: FailureExample[] | undefined;
  reportFile?: string | undefined;
  /** Why the run stopped early or failed: an interruption, a refused key, an invalid file. */
  error?: string | undefined;
  dryRun?: boolean | undefined;
}

/** What the command that ran tells the notice about its run (a push's or an undo's result). */
export type RunFacts = Pick<RunEnd, 'runId' | 'rows' | 'calls' | 'failures' | 'reportFile' | 'dryRun' | 'error'>;

/** The JSON body: the run's facts, and `text`, the one line a Slack or Teams incoming webhook shows as it is. */
export interface RunNotice {
  text: string;
  tool: string;
  version: string;
  command: string;
  profile: string;
  tenant: string;
  runId: string | null;
  exitCode: number;
  ok: boolean;
  dryRun: boolean;
  counts: (OutcomeCounts & { total: number }) | null;
  calls: number | null;
  durationMs: number;
  failures: FailureExample[];
  reportFile: string | null;
  error: string | null;
}

export function runNotice(end: RunEnd): RunNotice {
  return {
    text: noticeText(end),
    tool: 'jasper-push',
    version: end.version,
    command: end.command,
    profile: end.profile,
    tenant: end.tenant,
    runId: end.runId ?? null,
    exitCode: end.exitCode,
    ok: end.exitCode === 0,
    dryRun: Boolean(end.dryRun),
    counts: end.rows ?? null,
    calls: end.calls ?? null,
    durationMs: Math.round(end.durationMs),
    failures: end.failures ?? [],
    reportFile: end.reportFile ?? null,
    error: end.error ?? null,
  };
}

/** `jasper-push push products on acme.pim.jasperpim.com: 980 of 1000 rows written, 20 failed (exit 1); run …; report …` */
function noticeText(end: RunEnd): string {
  const what = `jasper-push ${end.command}${end.dryRun ? ' --dry-run' : ''} on ${end.tenant}`;
  const rows = end.rows;
  const outcome = rows
    ? `${rows.created + rows.updated + rows.unchanged} of ${rows.total} rows written or up to date` +
      (rows.failed + rows.skipped > 0 ? `, ${rows.failed} failed, ${rows.skipped} skipped` : '')
    : '';
  const verdict = end.exitCode === 0 ? 'OK' : `FAILED (exit ${end.exitCode})`;
  const parts = [`${what}: ${verdict}`, outcome, end.error ?? '', end.runId ? `run ${end.runId}` : '', end.reportFile ? `report ${end.reportFile}` : ''];
  return parts
    .filter((part) => part !== '')
    .join('; ')
    .replace(/\s*\n\s*/g, ' ');
}

/** Why a notice did not arrive, in words fit for a warning. */
export class NotifyError extends Error {
  override name = 'NotifyError';
}

/** POSTs the notice; throws NotifyError when the receiver cannot be reached, does not answer in time, or answers other than 2xx. */
export async function sendNotice(url: string, notice: RunNotice, timeoutMs = NOTIFY_TIMEOUT_MS): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(notice),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (error) {
    throw new NotifyError(`the receiver could not be reached (${reason(error)})`);
  }
  // The body is not ours to read, but an unread one keeps the connection open.
  await response.body?.cancel().catch(() => undefined);
  if (!response.ok) throw new NotifyError(`the receiver answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
}

function reason(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'no answer in time';
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
