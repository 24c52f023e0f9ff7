import { defineConfig } from 'vitest/config';
export default defineConfig({ test: { testTimeout: 60_000, hookTimeout: 60_000, pool: 'forks', execArgv: ['--cpu-prof', '--cpu-prof-dir=/tmp/wprof'] } });
