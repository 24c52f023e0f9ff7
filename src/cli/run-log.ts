// What every run (push; undo and the commercetools sync the same way) does around its work: not in
// a terminal, a first log line naming what runs where, every line dated; at the end, whatever the
// exit code, the --notify POST. A failed notification is a warning: the run's exit code stands.
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { RunEnd, RunFacts } from '../report/notify.js';
import { NotifyError, runNotice, sendNotice } from '../report/notify.js';
import type { PushResult } from '../report/push-result.js';
import type { CommandContext } from './context.js';
import { reportForError } from './exit-codes.js';

export interface RunLogOptions {
  /** `push products`, `undo`… */
  command: string;
  /** The --notify URL, if given. */
  notify?: string | undefined;
  /** `--from`, the files, and the feed when one is named: the first line says what is read. */
  from?: string | undefined;
  files?: readonly string[];
  feed?: string | undefined;
}

/** A URL may carry its token in the path or the query: each form of it is a secret, like the key. */
function notifyUrl(context: CommandContext, text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  context.term.addSecret(text);
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new UsageError('--notify takes an http(s) URL, e.g. a Slack or Teams incoming webhook.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError('--notify takes an http(s) URL, e.g. a Slack or Teams incoming webhook.');
  context.term.addSecret(url.href);
  const tail = `${url.pathname}${url.search}${url.hash}`;
  if (tail.length >= 12) context.term.addSecret(tail);
  return url.href;
}

/** Runs `work` as a logged, notified run; `work` returns the exit code and leaves its result on the context. */
export async function runLogged(context: CommandContext, options: RunLogOptions, work: () => Promise<number>): Promise<number> {
  const started = performance.now();
  const url = notifyUrl(context, options.notify);
  const { term } = context;
  term.startRunLog();
  const where = whereItRuns(context);
  // A terminal shows what was typed; a log needs to say it.
  if (!term.interactive) term.info(firstLine(context, options, where));
  let exitCode: number;
  try {
    exitCode = await work();
  } catch (error) {
    if (url) await notify(context, url, endOf(context, options, where, reportForError(error).code, started, error));
    throw error;
  }
  if (url) await notify(context, url, endOf(context, options, where, exitCode, started));
  return exitCode;
}

interface Where {
  profile: string;
  tenant: string;
}

/** The profile and tenant host, as far as the settings say (a missing URL is the run's own error, said later). */
function whereItRuns(context: CommandContext): Where {
  try {
    const settings = context.settings();
    const url = settings.apiUrl?.value;
    return { profile: settings.profile.value, tenant: url ? new URL(url).host : '(no API URL)' };
  } catch {
    return { profile: context.flags.profile ?? '(unknown)', tenant: '(unknown)' };
  }
}

/** `jasper-push 0.1.0 push products · profile acme · tenant acme.pim.jasperpim.com · from magento · files catalog.csv` */
function firstLine(context: CommandContext, options: RunLogOptions, where: Where): string {
  const input = options.feed ? `feed ${options.feed}` : options.files?.length ? `files ${options.files.map((file) => path.basename(file)).join(', ')}` : '';
  const parts = [
    `jasper-push ${context.version} ${options.command}`,
    `profile ${where.profile}`,
    `tenant ${where.tenant}`,
    `from ${(options.from ?? 'jasper').trim().toLowerCase()}`,
    input,
  ];
  return parts.filter((part) => part !== '').join(' · ');
}

function endOf(context: CommandContext, options: RunLogOptions, where: Where, exitCode: number, started: number, error?: unknown): RunEnd {
  return {
    command: options.command,
    version: context.version,
    ...where,
    exitCode,
    durationMs: performance.now() - started,
    ...context.finishedRun,
    ...(error === undefined ? {} : { error: reportForError(error).message }),
  };
}

/** A push's result as its notice tells it. */
export function pushFacts(result: PushResult): RunFacts {
  return {
    runId: result.runId,
    rows: result.rows,
    calls: result.calls,
    failures: result.firstFailures,
    reportFile: result.reportFile,
    dryRun: result.dryRun,
    ...(result.stop ? { error: stopText(result) } : {}),
  };
}

function stopText(result: PushResult): string {
  const stop = result.stop!;
  return stop.kind === 'interrupted' ? 'interrupted (Ctrl-C); resumable with --resume' : `stopped: ${stop.error.message}`;
}

async function notify(context: CommandContext, url: string, end: RunEnd): Promise<void> {
  try {
    // The notice goes out as the run's files do: scrubbed of every secret the run knows.
    await sendNotice(url, JSON.parse(context.term.scrub(JSON.stringify(runNotice(end)))) as ReturnType<typeof runNotice>);
    context.term.verbose(`--notify: sent to ${url}`);
  } catch (error) {
    const why = error instanceof NotifyError ? error.message : String(error);
    context.term.warn(`--notify ${url}: ${why}. The run's exit code is unchanged.`);
  }
}
