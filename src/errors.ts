// Typed errors thrown by the core. The CLI maps each to an exit code and a hint in one place
// (src/cli/exit-codes.ts); nothing below the CLI calls process.exit.

/** Bad command-line usage: exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Invalid input files: exit 2, nothing written. */
export class InputError extends Error {
  override name = 'InputError';
  constructor(
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

/** Configuration that will not fix itself (missing/malformed URL or key): exit 3. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/**
 * A source read over an API failed (SPEC §11). `lasting`: the settings must change (exit 3);
 * otherwise it may pass (exit 75, try again later). The hint is the one remedy to try.
 */
export class SourceError extends Error {
  override name = 'SourceError';
  constructor(
    message: string,
    readonly hint: string,
    readonly lasting: boolean,
  ) {
    super(message);
  }
}

/** Another push holds the tenant lock: exit 75. */
export class LockedError extends Error {
  override name = 'LockedError';
}

/** The run was interrupted by the user (Ctrl-C): exit 130. */
export class InterruptedError extends Error {
  override name = 'InterruptedError';
}
