// What a command lends the source it reads (src/sources/source-options.ts): the environment and
// profile its settings come from, and the terminal as its voice (secrets redacted, --verbose,
// nothing on stdout with --json).
import type { SourceEnvironment } from '../sources/source-options.js';
import type { CommandContext } from './context.js';

export function sourceEnvironment(context: CommandContext): SourceEnvironment {
  const { term } = context;
  return {
    env: context.env,
    profile: () => context.store.get(context.settings().profile.value),
    allowHttp: Boolean(context.flags.allowHttp),
    secret: (value) => term.addSecret(value),
    verbose: (line) => term.verbose(line),
    say: (line) => {
      if (!term.json) term.result(line);
    },
    warn: (line) => term.warn(line),
    spinner: (text) => term.spinner(text),
  };
}
