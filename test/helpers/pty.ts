// The built CLI in a real pseudo-terminal of a given size, through util-linux's `script`: what a
// user at a terminal sees (bars, spinners, hidden prompts), typed into as they would.
import { type ChildProcess, spawn } from 'node:child_process';
import { BIN, ROOT } from './cli.js';

export interface PtyOptions {
  columns: number;
  rows?: number;
  env?: Record<string, string | undefined>;
  cwd?: string;
}

export interface PtySession {
  readonly child: ChildProcess;
  /** Everything the terminal received so far, escape sequences included. */
  output(): string;
  /** Types into the terminal. */
  write(text: string): void;
  /** Resolves once the output matches; rejects after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** The exit code (the CLI's: `script -e`) and the whole output. */
  done: Promise<{ code: number | null; output: string }>;
}

function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function startPty(args: string[], options: PtyOptions): PtySession {
  const env: Record<string, string> = {};
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('JASPER_') && !name.startsWith('VITEST')));
  for (const [name, value] of Object.entries({ ...inherited, TERM: 'xterm-256color', NO_COLOR: undefined, ...options.env })) {
    if (value !== undefined && name !== 'NODE_OPTIONS') env[name] = value;
  }
  // The size is set inside the terminal before the CLI starts, as a window of that size would.
  const command = `stty cols ${options.columns} rows ${options.rows ?? 30} && exec ${[process.execPath, BIN, ...args].map(shellQuote).join(' ')}`;
  const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: options.cwd ?? ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  const listeners = new Set<() => void>();
  const take = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  const done = new Promise<{ code: number | null; output: string }>((resolve) => child.on('close', (code) => resolve({ code, output })));
  return {
    child,
    output: () => output,
    write: (text) => child.stdin.write(text),
    waitFor: (pattern, timeoutMs = 20_000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!pattern.test(output)) return;
          cleanup();
          resolve();
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no ${pattern} in the terminal after ${timeoutMs} ms:\n${output}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      }),
    done,
  };
}

/** Escape sequences that move the cursor or clear (a line is drawn anew after them); the others only colour. */
const MOVES = new Set(['A', 'B', 'E', 'F', 'G', 'H', 'J', 'K', 'f']);

/**
 * The lines as drawn, one entry per write of a line: escape sequences (cursor moves, colours,
 * clears) removed, split where the terminal would start a line again.
 */
export function drawnLines(output: string): string[] {
  const [first, ...sequences] = output.split('\u001b[');
  let text = first ?? '';
  for (const sequence of sequences) {
    const command = /^[0-9;?]*([A-Za-z])/.exec(sequence);
    if (!command) {
      text += sequence;
      continue;
    }
    text += (MOVES.has(command[1]!) ? '\n' : '') + sequence.slice(command[0].length);
  }
  return text.split(/\r\n|\r|\n/).filter((line) => line.trim() !== '');
}
