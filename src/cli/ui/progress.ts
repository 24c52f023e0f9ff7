// Push progress: on a terminal an ora spinner while connecting, then an overall bar (writes done of
// the whole push, call rate against the throttle budget, ETA) above one bar per stage; elsewhere
// (cron, pipes) a plain line with the same overall figures at most every 10 s; nothing with
// --json/--quiet. --verbose lines go through the bars' log, so they print above the bars.
import { stripVTControlCharacters } from 'node:util';
import cliProgress from 'cli-progress';
import { type Outcome, STAGES } from '../../plan/types.js';
import type { Budget } from '../../run/progress-estimate.js';
import type { PushEvents, StageProgress } from '../../run/events.js';
import { BAR_WIDTH, type BarLineParts, fitBarLine } from './bar-line.js';
import { type OverallFigures, OverallProgress } from './overall-progress.js';
import type { Spinner, Terminal } from './terminal.js';
import { counted } from '../../counted.js';

export const PLAIN_PROGRESS_INTERVAL_MS = 10_000;
/** How often the bars' figures are recomputed when no write finishes (a 429 pause, a throttle wait). */
const REFRESH_MS = 1000;
/** ANSI: erase the whole line the cursor is on. */
const CLEAR_LINE = '\u001b[2K';

const PHASE_TEXT: Record<string, string> = {
  reading: 'Reading and checking the input',
  locking: 'Taking the tenant lock',
  'reading-jasper': 'Reading what Jasper already has',
  planning: 'Planning the writes',
  writing: 'Writing',
  finishing: 'Writing the run files',
};

export interface ProgressView extends PushEvents {
  /** An HTTP call left (from the sender): it takes its slot of the throttle's window now, for the rate and the ETA. */
  callStarted(): void;
  /** An HTTP call was answered: counted for the calls each write takes. */
  callEnded(): void;
  stop(): void;
}

export interface ProgressOptions {
  now?: () => number;
  /** Plain lines at most this often (default PLAIN_PROGRESS_INTERVAL_MS). */
  plainIntervalMs?: number;
}

/** `options` may also be just the clock, as it once was. */
export function createProgress(term: Terminal, options: ProgressOptions | (() => number) = {}): ProgressView {
  if (term.json || term.flags.quiet) return { callStarted: () => undefined, callEnded: () => undefined, stop: () => undefined };
  if (typeof options === 'function') options = { now: options };
  const now = options.now ?? Date.now;
  return term.interactive ? new TerminalProgress(term, now) : new PlainProgress(term, now, options.plainIntervalMs ?? PLAIN_PROGRESS_INTERVAL_MS);
}

function rateText(figures: OverallFigures): string {
  return `${figures.rate.toFixed(1)}/${formatRate(figures.budget)} calls/s`;
}

function formatRate(rate: number): string {
  return Number.isInteger(rate) ? String(rate) : rate.toFixed(1);
}

function totalText(figures: OverallFigures): string {
  return `${figures.estimated ? '~' : ''}${figures.total}`;
}

class TerminalProgress implements ProgressView {
  private spinner: Spinner | undefined;
  private multibar: cliProgress.MultiBar | undefined;
  private overallBar: cliProgress.SingleBar | undefined;
  private readonly overall: OverallProgress;
  private readonly bars = new Map<string, { bar: cliProgress.SingleBar; total: number; done: number; failed: number }>();
  private more = true;
  private width = 0;
  private refresh: NodeJS.Timeout | undefined;
  private lastFrame = false;

  constructor(
    private readonly term: Terminal,
    now: () => number,
  ) {
    this.overall = new OverallProgress(now);
    // Lines printed while the spinner or the bars run go above them, not through them.
    term.divert((line) => {
      // cli-progress clears only the first line it logs over: each line clears its own.
      if (this.multibar) this.multibar.log(`${CLEAR_LINE}${line}\n`);
      else if (this.spinner) this.spinner.log(line);
      else term.streams.stderr.write(line + '\n');
    });
  }

  scanned(rows: number, throttle: Budget): void {
    this.overall.scanned(rows, throttle);
  }

  callStarted(): void {
    this.overall.callStarted();
  }

  callEnded(): void {
    this.overall.callEnded();
  }

  phase(phase: string): void {
    if (phase === 'writing' || phase === 'finishing') {
      this.spinner?.stop();
      this.spinner = undefined;
      if (phase === 'finishing') this.stopBars();
      return;
    }
    const text = PHASE_TEXT[phase] ?? phase;
    if (this.spinner) this.spinner.text = text;
    else this.spinner = this.term.spinner(text);
  }

  warning(text: string): void {
    this.term.warn(text);
  }

  waitingForLock(holder: { pid: number; host: string; startedAt: string }): void {
    if (this.spinner) this.spinner.text = `Waiting for another push (pid ${holder.pid} on ${holder.host}, since ${holder.startedAt})`;
  }

  planned(stages: StageProgress[], more: boolean, rows = 0): void {
    this.overall.planned(stages, more, rows);
    this.more = more;
    // Nothing to write in this batch: the spinner keeps showing that work goes on.
    if (stages.length === 0 && !this.multibar) return;
    if (!this.multibar) this.startBars();
    // A later batch of a large catalog: its writes add to the bars.
    for (const stage of stages) {
      const entry = this.bars.get(stage.stage);
      if (entry) entry.total += stage.total;
      else this.addBar(stage.stage, stage.total);
    }
    this.redraw();
  }

  private startBars(): void {
    this.spinner?.stop();
    this.spinner = undefined;
    this.width = Math.max('overall'.length, ...STAGES.map((stage) => stage.name.length));
    const paint = (bar: string) => this.term.chalk.cyan(bar);
    this.multibar = new cliProgress.MultiBar(
      {
        stream: this.term.streams.stderr,
        // Fitted to the terminal's width on every redraw (a resized window included). The last frame,
        // drawn by stop() with line wrapping back on, is cut at the width counting colour codes as
        // characters: it goes without colour, so nothing of it is cut.
        format: (_options, params, payload: BarLineParts) => {
          const line = fitBarLine(payload, params.progress, params.maxWidth, paint);
          return this.lastFrame ? stripVTControlCharacters(line) : line;
        },
        barsize: BAR_WIDTH,
        hideCursor: true,
        clearOnComplete: false,
        // Lines logged above the bars scroll them: unchanged bars must be drawn again too.
        forceRedraw: true,
        fps: 8,
      },
      cliProgress.Presets.shades_classic,
    );
    this.overallBar = this.multibar.create(1, 0, this.parts(this.term.chalk.bold('overall'.padEnd(this.width))));
    this.refresh = setInterval(() => this.redraw(), REFRESH_MS);
    this.refresh.unref();
  }

  private parts(label: string): BarLineParts {
    return { label, counts: '', optional: [], kept: '' };
  }

  private addBar(stage: string, total: number): void {
    const bar = this.multibar!.create(total, 0, this.parts(stage.padEnd(this.width)));
    this.bars.set(stage, { bar, total, done: 0, failed: 0 });
  }

  taskDone(stage: string, outcome: Outcome): void {
    this.overall.taskDone(outcome);
    const entry = this.bars.get(stage);
    if (entry) {
      entry.done++;
      if (outcome === 'failed' || outcome === 'skipped') entry.failed++;
    }
    this.redraw();
  }

  private redraw(): void {
    if (!this.multibar || !this.overallBar) return;
    const figures = this.overall.figures();
    const { chalk } = this.term;
    const failed = (count: number) => (count > 0 ? chalk.red(` ${count} failed`) : '');
    this.overallBar.setTotal(Math.max(1, figures.total));
    // At 80 columns the bar shrinks, then the rate goes: the ETA stays.
    this.overallBar.update(figures.done, {
      counts: `${figures.done}/${totalText(figures)} writes`,
      optional: [failed(figures.failed), ` | ${rateText(figures)}`],
      kept: ` | ETA ${figures.eta === undefined ? '…' : formatDuration(figures.eta)}`,
    });
    // A stage's own ETA is honest only when it is all that is left: stages share one queue.
    const unfinished = [...this.bars.values()].filter((entry) => entry.done < entry.total);
    for (const entry of this.bars.values()) {
      const alone = !this.more && unfinished.length === 1 && unfinished[0] === entry;
      entry.bar.setTotal(entry.total);
      entry.bar.update(entry.done, {
        counts: `${entry.done}/${entry.total}`,
        optional: [failed(entry.failed)],
        kept: alone && figures.eta !== undefined ? ` | ETA ${formatDuration(figures.eta)}` : '',
      });
    }
  }

  private stopBars(): void {
    clearInterval(this.refresh);
    this.refresh = undefined;
    if (this.multibar) this.redraw();
    this.lastFrame = true;
    this.multibar?.stop();
    this.lastFrame = false;
    this.multibar = undefined;
    this.overallBar = undefined;
  }

  stop(): void {
    this.spinner?.stop();
    this.spinner = undefined;
    this.stopBars();
    this.term.divert(undefined);
  }
}

class PlainProgress implements ProgressView {
  private readonly overall: OverallProgress;
  private announced = false;
  private plannedTotal = 0;
  private lastLine = 0;

  constructor(
    private readonly term: Terminal,
    private readonly now: () => number,
    private readonly intervalMs: number,
  ) {
    this.overall = new OverallProgress(now);
    // A cron log: every line from here on carries the date and time.
    term.startRunLog(now);
  }

  scanned(rows: number, throttle: Budget): void {
    this.overall.scanned(rows, throttle);
  }

  callStarted(): void {
    this.overall.callStarted();
  }

  callEnded(): void {
    this.overall.callEnded();
  }

  phase(phase: string): void {
    if (phase !== 'finishing') this.term.info(`${PHASE_TEXT[phase] ?? phase}…`);
  }

  warning(text: string): void {
    this.term.warn(text);
  }

  waitingForLock(holder: { pid: number; host: string; startedAt: string }): void {
    this.term.info(`Waiting for another push to the same tenant (pid ${holder.pid} on ${holder.host}, since ${holder.startedAt})…`);
  }

  planned(stages: StageProgress[], more: boolean, rows = 0): void {
    this.overall.planned(stages, more, rows);
    const total = stages.reduce((sum, stage) => sum + stage.total, 0);
    this.plannedTotal += total;
    // A large catalog is planned batch by batch: the first batch with writes (or the last) is
    // announced with the estimated total; later ones correct it in the progress lines.
    if (this.announced || (total === 0 && more)) return;
    this.announced = true;
    this.lastLine = this.now();
    if (this.plannedTotal === 0) this.term.info('Nothing to write.');
    else {
      const list = stages.map((stage) => `${stage.stage} ${stage.total}`).join(', ');
      const whole = more ? ` in this batch, about ${this.overall.figures().total} in all (the rest is planned as the push goes)` : '';
      this.term.info(`${counted(total, 'write')} planned${whole}: ${list}`);
    }
  }

  taskDone(_stage: string, outcome: Outcome): void {
    this.overall.taskDone(outcome);
    if (this.now() - this.lastLine >= this.intervalMs) this.line();
  }

  private line(): void {
    this.lastLine = this.now();
    const figures = this.overall.figures();
    const percent = figures.total > 0 ? ((figures.done / figures.total) * 100).toFixed(1) : '100';
    const eta = figures.eta === undefined ? '' : `, ETA ${formatDuration(figures.eta)}`;
    this.term.info(`progress: ${figures.done}/${totalText(figures)} writes (${percent}%), ${figures.failed} failed, ${rateText(figures)}${eta}`);
  }

  stop(): void {}
}

export function formatDuration(seconds: number): string {
  if (seconds < 10) return `${seconds.toFixed(1)}s`;
  if (seconds < 59.5) return `${Math.round(seconds)}s`;
  const whole = Math.round(seconds);
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes}m${String(whole % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
