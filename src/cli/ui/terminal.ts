// Streams and decoration decisions: results go to stdout, everything else to stderr;
// colour, spinners and bars only on a terminal and never with --json or --quiet.
import { stripVTControlCharacters } from 'node:util';
import { Chalk, type ChalkInstance } from 'chalk';
import type { Ora } from 'ora';
import { redact } from '../../jasper/redact.js';
import { LineStamp } from './line-stamp.js';

export interface GlobalFlags {
  profile?: string;
  apiUrl?: string;
  apiKey?: string;
  json?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  color?: boolean;
  allowHttp?: boolean;
}

export interface Streams {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

export interface Spinner {
  /** Prints a line above the spinner. */
  log(line: string): void;
  succeed(text: string): void;
  fail(text: string): void;
  stop(): void;
  set text(value: string);
}

export class Terminal {
  readonly chalk: ChalkInstance;
  /** stderr is a terminal and the user wants decoration. */
  readonly interactive: boolean;
  private readonly secrets: string[] = [];
  /** Where stderr lines go while bars or a spinner hold the bottom of the screen. */
  private diverted: ((line: string) => void) | undefined;

  constructor(
    readonly streams: Streams,
    readonly flags: GlobalFlags,
    /** Timestamps for cron logs; shared with main.ts, which prints a failed command's error last. */
    private readonly stamp: LineStamp = new LineStamp(),
  ) {
    const env = streams.env;
    const noColor = flags.color === false || (env.NO_COLOR !== undefined && env.NO_COLOR !== '') || env.TERM === 'dumb';
    this.interactive = Boolean(streams.stderr.isTTY) && !flags.json && !flags.quiet && env.TERM !== 'dumb';
    this.chalk = new Chalk({ level: this.interactive && !noColor ? 1 : 0 });
  }

  get json(): boolean {
    return Boolean(this.flags.json);
  }

  /** Every later line is scrubbed of this secret, whatever prints it. */
  addSecret(secret: string | undefined): void {
    if (secret) this.secrets.push(secret);
  }

  /** Sends every later stderr line through `sink` (the progress bars print it above them); undefined: straight to stderr. */
  divert(sink: ((line: string) => void) | undefined): void {
    this.diverted = sink;
  }

  /** A run's log (push, undo): not on a terminal, every stderr line from now on starts with the time `clock` says. */
  startRunLog(clock: () => number = Date.now): void {
    if (!this.interactive) this.stamp.start(clock);
  }

  private toStderr(line: string): void {
    if (this.diverted) this.diverted(line);
    else this.streams.stderr.write(this.stamp.apply(line) + '\n');
  }

  scrub(text: string): string {
    return redact(text, this.secrets);
  }

  /** The command's result: stdout. Colour is decided by stderr, so a piped stdout (`| grep`) is stripped of it. */
  result(text: string): void {
    const line = this.scrub(text);
    this.streams.stdout.write((this.streams.stdout.isTTY ? line : stripVTControlCharacters(line)) + '\n');
  }

  resultJson(value: unknown): void {
    this.streams.stdout.write(this.scrub(JSON.stringify(value, null, 2)) + '\n');
  }

  /** Progress and notes: stderr, silenced by --quiet and --json. */
  info(text: string): void {
    if (this.flags.quiet || this.flags.json) return;
    this.toStderr(this.scrub(text));
  }

  /** One line per HTTP call with --verbose (stderr). */
  verbose(text: string): void {
    if (!this.flags.verbose) return;
    this.toStderr(this.scrub(text));
  }

  warn(text: string): void {
    if (this.flags.quiet) return;
    this.toStderr(this.scrub(`${this.chalk.yellow('warning:')} ${text}`));
  }

  error(text: string): void {
    this.toStderr(this.scrub(`${this.chalk.red('error:')} ${text}`));
  }

  /** An ora spinner on a terminal, otherwise nothing until the outcome, printed as a plain line. */
  spinner(text: string): Spinner {
    if (this.interactive) return new TerminalSpinner(text, this.streams.stderr, (line) => this.scrub(line));
    return {
      log: (line: string) => this.streams.stderr.write(this.stamp.apply(line) + '\n'),
      succeed: (line: string) => this.info(line),
      fail: () => undefined,
      stop: () => undefined,
      set text(_value: string) {},
    };
  }
}

/**
 * ora is loaded only when a terminal will show it: cron jobs and pipes never pay for it.
 * Until it has loaded the spinner is invisible; an outcome reached before then is printed plainly.
 */
class TerminalSpinner implements Spinner {
  private ora: Ora | undefined;
  private finished = false;

  constructor(
    private current: string,
    private readonly stream: NodeJS.WritableStream,
    private readonly scrub: (text: string) => string,
  ) {
    import('ora').then(
      ({ default: ora }) => {
        if (!this.finished) this.ora = ora({ text: this.scrub(this.current), stream: this.stream, discardStdin: false }).start();
      },
      () => undefined,
    );
  }

  set text(value: string) {
    this.current = value;
    if (this.ora) this.ora.text = this.scrub(value);
  }

  log(line: string): void {
    if (!this.ora || this.finished) {
      this.stream.write(line + '\n');
      return;
    }
    this.ora.clear();
    this.stream.write(line + '\n');
    this.ora.render();
  }

  succeed(text: string): void {
    this.finish((ora) => ora.succeed(this.scrub(text)), `✔ ${this.scrub(text)}`);
  }

  fail(text: string): void {
    this.finish((ora) => ora.fail(this.scrub(text)), `✖ ${this.scrub(text)}`);
  }

  stop(): void {
    this.finish((ora) => ora.stop());
  }

  private finish(withOra: (ora: Ora) => void, plain?: string): void {
    if (this.finished) return;
    this.finished = true;
    if (this.ora) withOra(this.ora);
    else if (plain !== undefined) this.stream.write(plain + '\n');
  }
}
