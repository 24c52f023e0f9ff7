// jasper-push demo: an embedded sandbox on a free port, the bundled demo catalog pushed to it
// with the normal output, then the sandbox stops.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { VariantMode } from '../../plan/desired.js';
import { startSandbox } from '../../sandbox/index.js';
import type { CommandContext } from '../context.js';
import { EXIT_OK } from '../exit-codes.js';
import { packageFile } from '../package-files.js';
import { runPushCommand } from './push.js';

export const DEMO_DIR = fileURLToPath(packageFile('fixtures/demo/'));

export interface DemoOptions {
  runDir?: string;
  variantMode?: VariantMode;
}

export async function runDemo(context: CommandContext, options: DemoOptions): Promise<number> {
  const { term } = context;
  const key = randomBytes(24).toString('hex');
  const sandbox = await startSandbox({ port: 0, keys: [key] });
  // The demo's change cache and lock live in a throwaway folder: a demo must not touch real state.
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jasper-push-demo-'));
  term.addSecret(key);
  term.info(term.chalk.bold(`Demo: a local Jasper sandbox is listening on ${sandbox.url}`));
  try {
    const connection = { apiUrl: sandbox.url, apiKey: key };
    const steps: [string, string[]][] = [
      ['categories', [path.join(DEMO_DIR, 'categories.csv')]],
      ['products', [path.join(DEMO_DIR, 'products.csv')]],
    ];
    let worst = EXIT_OK;
    const pushes: object[] = [];
    for (const [kind, files] of steps) {
      term.info('');
      term.info(term.chalk.bold(`$ jasper-push push ${kind} ${files.map((file) => path.relative(process.cwd(), file)).join(' ')}`));
      const code = await runPushCommand(context, kind, files, { ...options }, connection, stateDir, (document) => pushes.push(document));
      worst = Math.max(worst, code);
      if (code !== EXIT_OK) break;
    }
    if (term.json) term.resultJson({ sandbox: sandbox.url, pushes, exitCode: worst });
    if (!term.json) {
      const state = sandbox.state();
      term.info('');
      term.info(
        `The sandbox now holds ${state.categories.length} categories, ${state.products.length} products, ` +
          `${state.options.length} options, ${state.attributes.length} attributes, ` +
          `${state.products.reduce((sum, product) => sum + product.assets.length, 0)} images and ` +
          `${state.products.reduce((sum, product) => sum + product.barcodes.length, 0)} barcodes.`,
      );
      term.info('Run it again against your own tenant: jasper-push config set api-url <url>; jasper-push rotate-key; jasper-push push products <file>');
    }
    return worst;
  } finally {
    await sandbox.close();
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
}
