// Bundles what tsc compiled into dist/ into dist/bundle/, which bin/jasper-push.js runs: a few
// files to load at start instead of about 450 (our modules and the libraries'). Every command
// starts about 0.1–0.15 s sooner (on Node 20: a push 0.54 → 0.44 s, validate 0.37 → 0.24 s),
// which cron and a terminal feel, and which the end-to-end tests, that start the CLI some 550
// times, feel most. Commands still load lazily: each is a chunk of its own.
//
// Left outside: better-sqlite3 (a native addon, loaded from its own folder) and open (it runs
// the xdg-open script that sits beside it). dist/ itself stays: the bench imports the sandbox
// and the throttle arithmetic from it.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

// conf's schema and migration helpers, which we never use (see scripts/conf-unused.mjs).
const CONF_UNUSED = /^(ajv\/dist\/2020\.js|ajv-formats|semver)$/;
const confUnused = {
  name: 'conf-unused',
  setup(bundle) {
    bundle.onResolve({ filter: CONF_UNUSED }, (args) =>
      args.importer.includes(`${path.sep}node_modules${path.sep}conf${path.sep}`) ? { path: path.resolve('scripts/conf-unused.mjs') } : undefined,
    );
  },
};

// Chunk names carry content hashes: clear the last build's, or the package ships them too.
fs.rmSync('dist/bundle', { recursive: true, force: true });
await build({
  entryPoints: ['dist/cli/main.js'],
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3', 'open'],
  // CommonJS libraries (commander, cli-progress…) call require(); an ES module has none of its own.
  banner: { js: "import { createRequire as bundleRequire } from 'node:module'; const require = bundleRequire(import.meta.url);" },
  plugins: [confUnused],
  logLevel: 'warning',
});
