// Push progress: on a terminal an ora spinner while connecting, then one cli-progress bar per stage
// with rate and ETA; elsewhere (cron, pipes) a plain line at most every 10 s; nothing with --json/--quiet.
import cliProgress from 'cli-progress';
import { type Outcome, STAGES } from '../../plan/types.js';
import type { PushEvents, StageProgress } from '../../run/push.js';
import type { Spinner, Terminal } from './terminal.js';

export const PLAIN_PROGRESS_INTERVAL_MS = 10_000;

const PHASE_TEXT: Record<string, string> = {
  reading: 'Reading and checking the input',
  locking: 'Taking the tenant lock',
  'reading-jasper': 'Reading what Jasper already has',
  planning: 'Planning the writes',
  writing: 'Writing',
  finishing: 'Writing the run files',
};

export interface ProgressView extends PushEvents {
  /** Counts every HTTP call (from the sender), for the rate shown. */
  call(): void;
  stop(): void;
}

export function createProgress(term: Terminal, now: () => number = Date.now): ProgressView {
  if (term.json || term.flags.quiet) return { call: () => undefined, stop: () => undefined };
  return term.interactive ? new TerminalProgress(term, now) : new PlainProgress(term, now);
}

/** Counts calls since the start, for the rate both views show. */
abstract class CallRate {
  private calls = 0;
  protected readonly started: number;

  constructor(
    protected readonly term: Terminal,
    protected readonly now: () => number,
  ) {
    this.started = now();
  }

  call(): void {
    this.calls++;
  }

  protected callsPerSecond(): number {
    const seconds = (this.now() - this.started) / 1000;
    return seconds > 0 ? this.calls / seconds : 0;
  }
}

class TerminalProgress extends CallRate implements ProgressView {
  private spinner: Spinner | undefined;
  private multibar: cliProgress.MultiBar | undefined;
  private readonly bars = new Map<string, { bar: cliProgress.SingleBar; done: number; failed: number }>();
  private width = 0;

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
    const log = (line: string) => (this.multibar ? this.multibar.log(line + '\n') : this.term.warn(line));
    log(this.term.chalk.yellow(`warning: ${text}`));
  }

  waitingForLock(holder: { pid: number; host: string; startedAt: string }): void {
    if (this.spinner) this.spinner.text = `Waiting for another push (pid ${holder.pid} on ${holder.host}, since ${holder.startedAt})`;
  }

  planned(stages: StageProgress[]): void {
    // Nothing to write in this batch: the spinner keeps showing that work goes on.
    if (stages.length === 0) return;
    this.spinner?.stop();
    this.spinner = undefined;
    if (this.multibar) {
      // A later batch of a large catalog: its writes add to the bars.
      for (const stage of stages) {
        const entry = this.bars.get(stage.stage);
        if (entry) entry.bar.setTotal(entry.bar.getTotal() + stage.total);
        else this.addBar(stage.stage, stage.total);
      }
      return;
    }
    this.width = Math.max(...STAGES.map((stage) => stage.name.length));
    this.multibar = new cliProgress.MultiBar(
      {
        stream: this.term.streams.stderr as NodeJS.WriteStream,
        format: `{stage} ${this.term.chalk.cyan('{bar}')} {value}/{total} {failed} | {rate} calls/s | ETA {eta_formatted}`,
        barsize: 24,
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 50,
        fps: 8,
      },
      cliProgress.Presets.shades_classic,
    );
    for (const stage of stages) this.addBar(stage.stage, stage.total);
  }

  private addBar(stage: string, total: number): void {
    const bar = this.multibar!.create(total, 0, { stage: stage.padEnd(this.width), rate: '0.0', failed: '' });
    this.bars.set(stage, { bar, done: 0, failed: 0 });
  }

  taskDone(stage: string, outcome: Outcome): void {
    const entry = this.bars.get(stage);
    if (!entry) return;
    entry.done++;
    if (outcome === 'failed' || outcome === 'skipped') entry.failed++;
    entry.bar.update(entry.done, {
      rate: this.callsPerSecond().toFixed(1),
      failed: entry.failed > 0 ? this.term.chalk.red(`${entry.failed} failed`) : '',
    });
  }

  private stopBars(): void {
    this.multibar?.stop();
    this.multibar = undefined;
  }

  stop(): void {
    this.spinner?.stop();
    this.stopBars();
  }
}

class PlainProgress extends CallRate implements ProgressView {
  private total = 0;
  private announced = false;
  private done = 0;
  private failed = 0;
  private lastLine = 0;

  phase(phase: string): void {
    if (phase !== 'finishing') this.term.info(`${PHASE_TEXT[phase] ?? phase}…`);
  }

  warning(text: string): void {
    this.term.warn(text);
  }

  waitingForLock(holder: { pid: number; host: string; startedAt: string }): void {
    this.term.info(`Waiting for another push to the same tenant (pid ${holder.pid} on ${holder.host}, since ${holder.startedAt})…`);
  }

  planned(stages: StageProgress[], more: boolean): void {
    const total = stages.reduce((sum, stage) => sum + stage.total, 0);
    this.total += total;
    // A large catalog is planned batch by batch: the first batch with writes (or the last) is
    // announced, later ones add to the total.
    if (this.announced || (total === 0 && more)) return;
    this.announced = true;
    this.lastLine = this.now();
    if (this.total === 0) this.term.info('Nothing to write.');
    else {
      const list = stages.map((stage) => `${stage.stage} ${stage.total}`).join(', ');
      this.term.info(`${total} writes planned${more ? ' in this batch (the rest is planned as the push goes)' : ''}: ${list}`);
    }
  }

  taskDone(_stage: string, outcome: Outcome): void {
    this.done++;
    if (outcome === 'failed' || outcome === 'skipped') this.failed++;
    if (this.now() - this.lastLine >= PLAIN_PROGRESS_INTERVAL_MS) this.line();
  }

  private line(): void {
    this.lastLine = this.now();
    const seconds = (this.now() - this.started) / 1000;
    const rate = this.callsPerSecond();
    const perTask = this.done > 0 ? seconds / this.done : 0;
    const eta = Math.round(perTask * (this.total - this.done));
    const percent = this.total > 0 ? ((this.done / this.total) * 100).toFixed(1) : '100';
    // Cron logs get a time on each progress line; the clock is the injected one.
    const time = new Date(this.now()).toISOString().slice(11, 19);
    this.term.info(`[${time}] progress: ${this.done}/${this.total} writes (${percent}%), ${this.failed} failed, ${rate.toFixed(1)} calls/s, ETA ${formatDuration(eta)}`);
  }

  stop(): void {}
}

export function formatDuration(seconds: number): string {
  if (seconds < 10) return `${seconds.toFixed(1)}s`;
  if (seconds < 60) return `${Math.round(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
