// Which command takes which option (SPEC §1): each command's --help lists only its own, and an
// option it does not take is a usage error (commander's "unknown option", exit 2). Options that
// belong to a source (`--since` reads a commercetools project) are listed where `--from` is, and
// given with another source they are a usage error too, never silently ignored.
import { type Command, Option } from 'commander';
import { UsageError } from '../errors.js';

type PushKind = 'products' | 'categories' | 'inventory';

/** What every push takes, whatever it pushes. Throttle and concurrency have no flag default: env and profile must be able to set them. */
function addRunOptions(command: Command): Command {
  return command
    .option('--throttle-limit <n>', 'at most n API calls in any window (default 500; env JASPER_THROTTLE_LIMIT)')
    .option('--throttle-seconds <s>', 'the window in seconds (default 60; env JASPER_THROTTLE_SECONDS)')
    .option('--concurrency <n>', 'simultaneous connections, 1-10 (default 10; env JASPER_CONCURRENCY)')
    .option('--dry-run', 'read what it must, write nothing, print the plan and how long the push would take')
    .option('--full', 'ignore the local change cache and rewrite every row')
    .option('--resume [run-id]', 'continue an interrupted or partly failed run (latest for this tenant and input by default)')
    .option('--run-dir <dir>', 'where run files go (default .jasper-push/runs)')
    .option('--map <file.json>', 'rename input columns: { "Source Header": "spec-header" }')
    .option('--max-retries <n>', 'per call, for 429, 5xx, timeouts and network errors (default 5)')
    .option('--timeout <s>', 'per HTTP call, in seconds (default 30)')
    .option('--skip-invalid', 'push the valid rows of an invalid file; the invalid ones go to the failures file')
    .option('--reconcile', "read Jasper's current products and write only what differs (repairs the change cache)")
    .option('--wait', 'wait for another push to the same tenant to finish instead of exiting 75')
    .option('--notify <url>', 'when the run ends (any exit code), POST its summary as JSON to this URL (a Slack or Teams webhook shows its text)');
}

/** The options of `push <kind>`: products take the catalog's and the feed's, categories and inventory only the run's. */
export function addPushOptions(command: Command, kind: PushKind): Command {
  addRunOptions(command);
  if (kind !== 'products') return command;
  command
    .addOption(new Option('--variant-mode <mode>', 'how variants are linked').choices(['relation', 'parent']).default('relation'))
    .option('--price-base <code>', 'price base for the shorthand price columns (default US)')
    .option('--prune', 'delete the related links, images and barcodes this tool created that a product row no longer lists')
    .option('--feed <name>', 'the feed this push is; --disable-missing needs it (default: source and file names, e.g. jasper:products.csv)')
    .option('--disable-missing', "set enabled: false on this feed's products that the input no longer lists (never deletes)")
    .option('--max-disable <percent>', 'refuse the run (exit 2, nothing written) when more of the feed would be disabled (default 10%)')
    .option('--allow-missing-links', 'leave out related links to SKUs in neither the input nor Jasper, with a warning, instead of failing them');
  return addSourceOptions(command, 'push');
}

interface SourceOption {
  option: Option;
  /** The `--from` sources that take it; none: the source registry checks it, saying why (src/sources/registry.ts). */
  sources?: readonly string[];
  /** Commands it belongs to; all that read sources when not given. */
  commands?: readonly SourceCommand[];
}

type SourceCommand = 'push' | 'validate' | 'convert';

const COMMERCETOOLS = ['commercetools'];

const SOURCE_OPTIONS: readonly SourceOption[] = [
  { option: new Option('--location <name>', 'inventory location for exports with one quantity per SKU (default Default)') },
  { option: new Option('--media-url <url>', 'base URL of Magento image paths (--from magento)') },
  { option: new Option('--staged', 'commercetools: read the staged product projections instead of the published ones'), sources: COMMERCETOOLS },
  { option: new Option('--locale <code>', "commercetools: language of localized fields (default: the project's first)"), sources: COMMERCETOOLS },
  { option: new Option('--price-base-map <pairs>', 'commercetools: currency or country to price base, e.g. EUR=EU,USD=US'), sources: COMMERCETOOLS },
  { option: new Option('--source-concurrency <n>', 'commercetools: requests in flight at most (default 4)'), sources: COMMERCETOOLS },
  {
    option: new Option('--since <when>', 'commercetools: only products modified since "last" (the last successful push) or a date-time'),
    sources: COMMERCETOOLS,
    commands: ['push', 'validate'],
  },
];

/** `--from` and the options that belong to a source (SPEC §10, §11). */
export function addSourceOptions(command: Command, name: SourceCommand): Command {
  command.option(
    '--from <source>',
    name === 'convert'
      ? 'the shape of the input: shopify, woocommerce, magento, or commercetools (its project over the API; no files)'
      : 'the shape of the input: jasper (section 3), shopify, woocommerce, magento, or commercetools (its project over the API; no files) (default jasper)',
  );
  for (const { option, commands } of SOURCE_OPTIONS) if (!commands || commands.includes(name)) command.addOption(cloneOption(option));
  return command;
}

/** A source's option given with another source is a usage error: `--since` on a CSV push would be silently ignored. */
export function assertSourceOptions(flags: Record<string, unknown>): void {
  const from = typeof flags.from === 'string' ? flags.from.trim().toLowerCase() : 'jasper';
  for (const { option, sources } of SOURCE_OPTIONS) {
    if (!sources || flags[option.attributeName()] === undefined || sources.includes(from)) continue;
    const takers = sources.map((source) => `--from ${source}`).join(', ');
    throw new UsageError(`${option.long} goes with ${takers}; this command reads ${from === 'jasper' ? 'section 3 files (--from jasper)' : `--from ${from}`}.`);
  }
}

/** commander keeps state on an Option (its value source): each command gets its own. */
function cloneOption(option: Option): Option {
  return new Option(option.flags, option.description);
}
