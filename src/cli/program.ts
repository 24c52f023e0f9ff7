// The commander tree. Commands load lazily, so `--help` needs neither a key nor the network.
import { Command, Option } from 'commander';
import { redact } from '../jasper/redact.js';
import { addPushOptions, addSourceOptions, assertSourceOptions } from './command-options.js';
import { CommandContext, type Invocation } from './context.js';
import { runLogged } from './run-log.js';
import { LineStamp } from './ui/line-stamp.js';
import type { Streams } from './ui/terminal.js';
import { packageVersion } from './version.js';

export type ExitCodeSink = (code: number) => void;

export function buildProgram(streams: Streams, setExitCode: ExitCodeSink, invocation: Invocation = { argv: [], stamp: new LineStamp() }): Command {
  const program = new Command('jasper-push')
    .description('Push product catalogs (CSV or JSON) into Jasper PIM: ordered, throttled, resumable writes.')
    .version(packageVersion())
    .option('--profile <name>', 'profile to use (env JASPER_PROFILE)')
    .option('--api-url <url>', 'API URL, e.g. https://acme.pim.jasperpim.com/api/v1 (env JASPER_API_URL)')
    .option('--api-key <key>', 'API key (discouraged: lands in shell history; env JASPER_API_KEY)')
    .option('--json', 'print one JSON document on stdout, nothing else')
    .option('--quiet', 'print only results and errors')
    .option('--verbose', 'print one line per HTTP call (key redacted)')
    .option('--no-color', 'no colours (also NO_COLOR)')
    .option('--allow-http', 'allow plain http:// to a non-loopback host')
    .showHelpAfterError()
    .configureOutput({
      writeOut: (text) => streams.stdout.write(text),
      // A mistyped option (`--apikey=sk-…`) is quoted back by commander: never with its value.
      writeErr: (text) => streams.stderr.write(redact(text.replace(/(--[\w-]+)=[^'"\s]*/g, '$1=…'), [streams.env.JASPER_API_KEY])),
    })
    .exitOverride();

  const context = (command: Command) => new CommandContext(streams, command.optsWithGlobals(), invocation);
  const run =
    <A extends unknown[]>(action: (command: Command, ...args: A) => Promise<number> | number) =>
    async (...args: unknown[]) => {
      const command = args[args.length - 1] as Command;
      setExitCode(await action(command, ...(args.slice(0, -2) as A)));
    };

  program
    .command('ping')
    .description('check the API URL and key; print server time, latency and clock skew')
    .option('--commercetools', 'check the commercetools settings instead: token, project name, languages, currencies, countries')
    .action(
      run(async (command) =>
        command.opts().commercetools
          ? (await import('./commands/ping-commercetools.js')).runPingCommercetools(context(command))
          : (await import('./commands/ping.js')).runPing(context(command)),
      ),
    );

  program
    .command('rotate-key')
    .description('replace the stored API key: read hidden (or --stdin), verified with a ping, then saved')
    .option('--stdin', 'read the new key from standard input')
    .option('--commercetools', 'replace the commercetools client secret instead, verified with a token request')
    .action(
      run(async (command) =>
        command.opts().commercetools
          ? (await import('./commands/rotate-key-commercetools.js')).runRotateCommercetoolsSecret(context(command), command.opts())
          : (await import('./commands/rotate-key.js')).runRotateKey(context(command), command.opts()),
      ),
    );

  const push = program.command('push').description('push a catalog: products (with everything they need), categories or inventory');
  for (const [kind, args, about] of [
    ['products', '[files...]', 'push a product catalog (CSV or JSON) with categories, options, prices, attributes, inventory and links'],
    ['categories', '<file>', 'push a category tree'],
    ['inventory', '<file>', 'push inventory counts for existing products'],
  ] as const) {
    addPushOptions(push.command(`${kind} ${args}`).description(about), kind).action(
      run(async (command, files: string | string[] | undefined) => {
        const flags = command.opts<{ notify?: string; from?: string; feed?: string }>();
        assertSourceOptions(flags);
        const given = [files ?? []].flat();
        const push = context(command);
        const { notify, from, feed } = flags;
        return runLogged(push, { command: `push ${kind}`, notify, from, feed, files: given }, async () =>
          (await import('./commands/push.js')).runPushCommand(push, kind, given, flags),
        );
      }),
    );
  }

  const validate = program
    .command('validate <kind> [files...]')
    .description('check a catalog offline (kind: products, categories, inventory); no network')
    .option('--map <file.json>', 'rename input columns: { "Source Header": "spec-header" }')
    .option('--price-base <code>', 'price base of the shorthand price columns (default US)');
  addSourceOptions(validate, 'validate').action(
    run(async (command, kind: string, files: string[] | undefined) => {
      assertSourceOptions(command.opts());
      return (await import('./commands/validate.js')).runValidate(context(command), kind, files ?? [], command.opts());
    }),
  );

  const convert = program
    .command('convert [files...]')
    .description('write a platform export (--from shopify|woocommerce|magento) or a commercetools project as section 3 files in --out')
    .option('--out <dir>', 'folder for products.csv and categories.csv')
    .option('--map <file.json>', 'rename input columns: { "Source Header": "source-header" }')
    .option('--price-base <code>', 'price base the prices are written for (default US)')
    .option('--skip-invalid', 'write the valid rows; the invalid ones go to failures.csv in --out');
  addSourceOptions(convert, 'convert').action(
    run(async (command, files: string[]) => {
      assertSourceOptions(command.opts());
      return (await import('./commands/convert.js')).runConvert(context(command), files, command.opts());
    }),
  );

  program
    .command('undo <run-id>')
    .description('take a run back: restore the fields it changed, delete what it created, re-create what it pruned (SPEC section 13)')
    .option('--force', 'restore fields changed in Jasper since the run too (conflicts)')
    .option('--dry-run', 'list what it would do; write nothing')
    .option('--run-dir <dir>', 'where run files are (default .jasper-push/runs)')
    .option('--throttle-limit <n>', 'at most n API calls in any window (default 500; env JASPER_THROTTLE_LIMIT)')
    .option('--throttle-seconds <s>', 'the window in seconds (default 60; env JASPER_THROTTLE_SECONDS)')
    .option('--concurrency <n>', 'simultaneous connections, 1-10 (default 10; env JASPER_CONCURRENCY)')
    .option('--max-retries <n>', 'per call, for 429, 5xx, timeouts and network errors (default 5)')
    .option('--timeout <s>', 'per HTTP call, in seconds (default 30)')
    .option('--wait', 'wait for a push to the same tenant to finish instead of exiting 75')
    .option('--notify <url>', 'when the undo ends (any exit code), POST its summary as JSON to this URL (a Slack or Teams webhook shows its text)')
    .action(
      run(async (command, runId: string) => {
        const undo = context(command);
        const flags = command.opts<{ notify?: string }>();
        return runLogged(undo, { command: 'undo', notify: flags.notify }, async () =>
          (await import('./commands/undo.js')).runUndoCommand(undo, runId, command.opts()),
        );
      }),
    );

  program
    .command('report [run-id]')
    .description("print the path of a run's report.html (the latest run's by default)")
    .option('--run-dir <dir>', 'where run files are (default .jasper-push/runs)')
    .option('--open', 'open it in the browser')
    .action(run(async (command, runId: string | undefined) => (await import('./commands/report.js')).runReport(context(command), runId, command.opts())));

  program
    .command('feeds')
    .description("list the tenant's feeds: products each pushed, and its last run (from the local change cache)")
    .action(run(async (command) => (await import('./commands/feeds.js')).runFeeds(context(command))));

  program
    .command('demo')
    .description('start an embedded sandbox and push the bundled demo catalog to it')
    .option('--run-dir <dir>', 'where run files go', '.jasper-push/runs')
    .addOption(new Option('--variant-mode <mode>', 'how variants are linked').choices(['relation', 'parent']).default('relation'))
    .action(run(async (command) => (await import('./commands/demo.js')).runDemo(context(command), command.opts())));

  const config = program.command('config').description('manage profiles (one per tenant)');
  config
    .command('set <key> [value]')
    .description('set a profile value: api-url, api-key (prompted when no value), throttle-limit, throttle-seconds, concurrency, timeout, price-base')
    .option('--stdin', 'read the value of api-key from standard input')
    .action(
      run(async (command, key: string, value: string | undefined) =>
        (await import('./commands/config.js')).runConfigSet(context(command), key, value, command.opts()),
      ),
    );
  config
    .command('get <key>')
    .description('print a profile value (the key is masked)')
    .action(run(async (command, key: string) => (await import('./commands/config.js')).runConfigGet(context(command), key)));
  config
    .command('unset <key>')
    .description('remove a profile value')
    .action(run(async (command, key: string) => (await import('./commands/config.js')).runConfigUnset(context(command), key)));
  config
    .command('list')
    .description('list profiles and their values (keys masked)')
    .action(run(async (command) => (await import('./commands/config.js')).runConfigList(context(command))));
  config
    .command('use <name>')
    .description('make a profile the current one')
    .action(run(async (command, name: string) => (await import('./commands/config.js')).runConfigUse(context(command), name)));

  program
    .command('sandbox')
    .description('run a local Jasper-compatible API on loopback (no sandbox tenants exist)')
    .option('--port <port>', 'port (0 = any free port)', '4010')
    .option('--key <token>', 'the API key it accepts (default: a random one, printed)')
    .option('--data <file.json>', 'keep the data in this file across restarts')
    .option('--latency <ms>', 'added to every answer', '0')
    .option('--error-rate <0..1>', 'share of calls answered with a 5xx', '0')
    .option('--rate-limit <n/s>', 'answer 429 beyond n calls per s seconds, e.g. 500/60')
    .option('--seed <n>', 'seed for the fault injection, to replay a run')
    .addOption(new Option('--drop-after-apply <0..1>', 'share of writes applied, then the connection dropped').default('0'))
    .addOption(new Option('--error-after-apply <0..1>', 'share of writes applied, then answered 500').default('0'))
    .addOption(new Option('--hang-rate <0..1>', 'share of calls never answered').default('0'))
    .addOption(new Option('--burst-429 <0..1>', 'chance that a call starts a burst of 429s').default('0'))
    .addOption(new Option('--burst-length <n>', 'calls answered 429 in a burst').default('5'))
    .action(run(async (command) => (await import('./commands/sandbox.js')).runSandbox(context(command), command.opts())));

  return program;
}
