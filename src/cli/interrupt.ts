// Ctrl-C during a run (push, undo): the first signal stops new calls and lets the ones in flight
// finish (the run ends as interrupted, its files written); a second one exits at once with 130.
import { EXIT_INTERRUPTED } from './exit-codes.js';
import type { Terminal } from './ui/terminal.js';

/**
 * conf's atomic writer (when-exit) listens for the signals too and re-raises the first one it gets,
 * once: that echo is not a second Ctrl-C. It arrives on the event loop's next turn, which a busy or
 * starved process can take longer than this to reach, so a signal is also an echo while that turn
 * has not passed (two setImmediate hops from the first signal's turn).
 */
const SIGNAL_ECHO_MS = 500;

export interface Interrupt {
  /** Aborted by the first SIGINT or SIGTERM. */
  readonly signal: AbortSignal;
  /** Stops listening (the run is over). */
  release(): void;
}

/** Listens for SIGINT and SIGTERM until released; `again` is said before the second signal's exit, after `beforeExit`. */
export function listenForInterrupt(term: Terminal, again: string, beforeExit: () => void = () => undefined): Interrupt {
  const controller = new AbortController();
  let first = 0;
  let echoTurn = false;
  const onSignal = () => {
    const now = Date.now();
    if (first > 0 && (echoTurn || now - first < SIGNAL_ECHO_MS)) return;
    if (first > 0) {
      beforeExit();
      term.error(`Interrupted again: exiting now. ${again}`);
      process.exit(EXIT_INTERRUPTED);
    }
    first = now;
    echoTurn = true;
    setImmediate(() => setImmediate(() => (echoTurn = false)));
    term.error('Stopping: no new calls; letting the ones in flight finish (Ctrl-C again to quit at once).');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    release: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
