// Ctrl-C: the first signal stops the run; conf's when-exit re-raises that signal once, and that
// echo must not count as a second Ctrl-C, however long a busy process takes to reach it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { listenForInterrupt } from '../src/cli/interrupt.js';
import { type Streams, Terminal } from '../src/cli/ui/terminal.js';

function quietTerminal(): { term: Terminal; stderr: () => string } {
  let written = '';
  const sink = { isTTY: false, write: (chunk: string) => ((written += chunk), true) } as unknown as Streams['stderr'];
  return { term: new Terminal({ stdout: sink, stderr: sink, stdin: process.stdin, env: {} }, {}), stderr: () => written };
}

/** The listener listenForInterrupt added: called directly, so the test runner's own SIGINT handling stays out of it. */
const ourListener = () => process.listeners('SIGINT').at(-1) as () => void;
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
const busyFor = (ms: number) => {
  const until = Date.now() + ms;
  while (Date.now() < until);
};

describe('Ctrl-C', () => {
  afterEach(() => vi.restoreAllMocks());

  it('an echo on the next turn of the event loop is not a second Ctrl-C, even after the process was busy for longer than the echo window', async () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const { term, stderr } = quietTerminal();
    const interrupt = listenForInterrupt(term, 'Use --resume.');
    const onSignal = ourListener();
    try {
      onSignal();
      expect(interrupt.signal.aborted).toBe(true);
      // The process is starved right after the first signal; the echo comes on the loop's next turn.
      busyFor(600);
      await nextTurn();
      onSignal();
      expect(exit).not.toHaveBeenCalled();
      expect(stderr()).not.toContain('Interrupted again');

      // A real second Ctrl-C, later: exit 130 at once.
      await nextTurn();
      await nextTurn();
      busyFor(550);
      onSignal();
      expect(exit).toHaveBeenCalledWith(130);
      expect(stderr()).toContain('Interrupted again: exiting now. Use --resume.');
    } finally {
      interrupt.release();
    }
  });
});
