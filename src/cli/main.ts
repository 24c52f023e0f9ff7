// Entry: parse, run one command, map any error to an exit code. The only place errors are printed.
import { CommanderError } from 'commander';
import { buildProgram } from './program.js';
import { EXIT_USAGE, type ExitReport, reportForError } from './exit-codes.js';
import { redact } from '../jasper/redact.js';
import { LineStamp } from './ui/line-stamp.js';
import type { Streams } from './ui/terminal.js';

export async function main(argv: string[], streams: Streams = defaultStreams()): Promise<number> {
  let exitCode = 0;
  const stamp = new LineStamp();
  const program = buildProgram(
    streams,
    (code) => {
      exitCode = code;
    },
    { argv, stamp },
  );
  const secrets = [streams.env.JASPER_API_KEY, optionValue(argv, '--api-key'), optionValue(argv, '--notify')];
  const json = wantsJson(argv);
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has already printed the message (and help) on stderr.
      if (error.exitCode === 0) return 0;
      if (json) printJsonError(streams, { code: EXIT_USAGE, message: withoutOptionValues(error.message.replace(/^error:\s*/, '')) }, secrets);
      return EXIT_USAGE;
    }
    const report = reportForError(error);
    const print = (text: string) => streams.stderr.write(stamp.apply(redact(text, secrets)) + '\n');
    print(`error: ${report.message}`);
    for (const detail of report.details ?? []) print(`  ${detail}`);
    if (report.hint) print(report.hint);
    if (report.code === 1 && error instanceof Error && process.env.JASPER_PUSH_DEBUG) print(error.stack ?? '');
    // With --json a script reads stdout only: it gets the failure as the one JSON document.
    if (json) printJsonError(streams, report, secrets);
    return report.code;
  }
}

function printJsonError(streams: Streams, report: ExitReport, secrets: (string | undefined)[]): void {
  const error = {
    message: report.message,
    hint: report.hint ?? null,
    exitCode: report.code,
    ...(report.details && report.details.length > 0 ? { details: report.details } : {}),
  };
  streams.stdout.write(redact(JSON.stringify({ ok: false, error }, null, 2), secrets) + '\n');
}

/** `unknown option '--apikey=sk-…'`: a mistyped option may carry the key, so its value is not repeated. */
function withoutOptionValues(message: string): string {
  return message.replace(/(--[\w-]+)=[^'"\s]*/g, '$1=…');
}

function defaultStreams(): Streams {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
}

/** `--json` among the options (not after `--`, where it would be an operand). */
function wantsJson(argv: string[]): boolean {
  const args = argv.slice(2);
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).includes('--json');
}

function optionValue(argv: string[], name: string): string | undefined {
  const index = argv.indexOf(name);
  if (index >= 0) return argv[index + 1];
  const inline = argv.find((arg) => arg.startsWith(`${name}=`));
  return inline?.slice(name.length + 1);
}
