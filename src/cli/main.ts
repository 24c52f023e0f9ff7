// Entry: parse, run one command, map any error to an exit code. The only place errors are printed.
import { CommanderError } from 'commander';
import { buildProgram } from './program.js';
import { EXIT_USAGE, reportForError } from './exit-codes.js';
import { redact } from '../jasper/redact.js';
import type { Streams } from './ui/terminal.js';

export async function main(argv: string[], streams: Streams = defaultStreams()): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(streams, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    const report = reportForError(error);
    const secrets = [streams.env.JASPER_API_KEY, optionValue(argv, '--api-key')];
    const print = (text: string) => streams.stderr.write(redact(text, secrets) + '\n');
    print(`error: ${report.message}`);
    for (const detail of report.details ?? []) print(`  ${detail}`);
    if (report.hint) print(report.hint);
    if (report.code === 1 && error instanceof Error && process.env.JASPER_PUSH_DEBUG) print(error.stack ?? '');
    return report.code;
  }
}

function defaultStreams(): Streams {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
}

function optionValue(argv: string[], name: string): string | undefined {
  const index = argv.indexOf(name);
  if (index >= 0) return argv[index + 1];
  const inline = argv.find((arg) => arg.startsWith(`${name}=`));
  return inline?.slice(name.length + 1);
}
