// What a push opened (files, databases, the lock, listeners), closed in reverse order at its end,
// whatever happens: the orchestration stays one step per line without a try/finally per resource.
export class Cleanup {
  private readonly steps: (() => void)[] = [];

  add(step: () => void): void;
  add<T>(value: T, close: (value: T) => void): T;
  add<T>(value: T | (() => void), close?: (value: T) => void): T | void {
    if (close === undefined) {
      this.steps.push(value as () => void);
      return;
    }
    this.steps.push(() => close(value as T));
    return value as T;
  }

  /** Runs `action` on Ctrl-C (at once when `now` and the signal already fired) until the push ends. */
  onAbort(signal: AbortSignal | undefined, action: () => void, now = false): void {
    if (!signal) return;
    signal.addEventListener('abort', action, { once: true });
    this.steps.push(() => signal.removeEventListener('abort', action));
    if (now && signal.aborted) action();
  }

  run(): void {
    for (const step of this.steps.splice(0).reverse()) step();
  }
}
