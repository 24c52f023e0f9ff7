// The command line as the run's report and first log line show it: what ran, secrets left out.

/** Options whose value is a secret: the key, and the --notify URL (a webhook's URL is its token). */
const SECRET_OPTIONS = ['--api-key', '--notify'];

/** `jasper-push push products a.csv --api-key ****`: the arguments after node and the script, quoted where needed. */
export function commandLine(argv: readonly string[], scrub: (text: string) => string = (text) => text): string {
  const args = argv.slice(2);
  const shown = args.map((arg, index) => {
    const inline = SECRET_OPTIONS.find((name) => arg.startsWith(`${name}=`));
    if (inline) return `${inline}=****`;
    if (index > 0 && SECRET_OPTIONS.includes(args[index - 1]!)) return '****';
    return quote(arg);
  });
  return scrub(['jasper-push', ...shown].join(' '));
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
