// Cron logs: not in a terminal, each line a run prints starts with an ISO 8601 timestamp (SPEC §7).
// One stamp per process, shared by the command's terminal and the error lines main.ts prints last.

/** `2026-11-26T02:15:10Z`: ISO 8601 to the second, UTC. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export class LineStamp {
  private clock: (() => number) | undefined;

  /** From now on every line gets the time `clock` says. */
  start(clock: () => number = Date.now): void {
    this.clock = clock;
  }

  apply(text: string): string {
    if (!this.clock) return text;
    const at = isoSeconds(this.clock());
    return text
      .split('\n')
      .map((line) => (line === '' ? line : `${at} ${line}`))
      .join('\n');
  }
}
