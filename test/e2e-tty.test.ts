// At a real terminal (a pseudo-terminal of a set size): the overall bar keeps its ETA at 80
// columns and has its full bar at 160, the ping spinner ends cleanly, the rotate-key prompt does
// not echo the key. (tmux shows the same by eye; these check it on every run.)
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES, scratch } from './helpers/cli.js';
import { drawnLines, startPty } from './helpers/pty.js';
import { startTenant, type Tenant, TEST_KEY } from './helpers/tenant.js';

const PRODUCTS = path.join(FIXTURES, 'demo/products.csv');
const BAR = /[\u2588\u2591]+/;
/** The bar's full width (src/cli/ui/bar-line.ts BAR_WIDTH). */
const FULL_BAR = 24;
const SPINNER_FRAMES = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/;

let tenants: Tenant[] = [];
afterEach(async () => {
  await Promise.all(tenants.map((tenant) => tenant.close()));
  tenants = [];
});

async function tenant(): Promise<Tenant> {
  const started = await startTenant();
  tenants.push(started);
  return started;
}

/** The overall lines as drawn during a throttled push of the demo catalog in a terminal `columns` wide. */
async function overallLines(columns: number): Promise<string[]> {
  const target = await tenant();
  const session = startPty(['push', 'products', PRODUCTS, '--throttle-limit', '60', '--throttle-seconds', '1', '--run-dir', target.runDir], {
    columns,
    env: target.env,
    cwd: target.dir,
  });
  const { code, output } = await session.done;
  expect(code, output).toBe(0);
  return drawnLines(output).filter((line) => line.startsWith('overall'));
}

describe('in a terminal', () => {
  it('the overall bar keeps its ETA at 80 columns (the bar shrinks first) and is whole at 160', async () => {
    const [narrow, wide] = await Promise.all([overallLines(80), overallLines(160)]);
    expect(narrow.length).toBeGreaterThan(2);
    for (const line of narrow) {
      expect(line.length, line).toBeLessThan(80);
      expect(line).toMatch(/ \| ETA (\d+(\.\d)?s|\d+m\d\ds|…)$/);
    }
    // At its full width the bar would have pushed the ETA off the edge: it shrank instead.
    expect(narrow.some((line) => line.length - (BAR.exec(line)?.[0].length ?? 0) + FULL_BAR >= 80)).toBe(true);
    expect(narrow.every((line) => (BAR.exec(line)?.[0].length ?? 0) < FULL_BAR)).toBe(true);
    for (const line of wide) {
      expect(BAR.exec(line)?.[0]).toHaveLength(FULL_BAR);
      expect(line).toMatch(/\d+\/~?\d+ writes \| [\d.]+\/60 calls\/s \| ETA /);
    }
  });

  it('the ping spinner ends: the result line stays, no frame after it, the cursor shown again', async () => {
    const target = await tenant();
    const session = startPty(['ping'], { columns: 80, env: target.env, cwd: target.dir });
    const { code, output } = await session.done;
    expect(code, output).toBe(0);
    const lines = drawnLines(output);
    const result = lines.findIndex((line) => line.startsWith('✔') && line.includes('answered with key'));
    expect(result, output).toBeGreaterThanOrEqual(0);
    expect(lines.slice(result).some((line) => SPINNER_FRAMES.test(line))).toBe(false);
    // ora hides the cursor while it spins (when it got to start before the answer): it must be shown again.
    expect(output.lastIndexOf('\u001b[?25h')).toBeGreaterThanOrEqual(output.lastIndexOf('\u001b[?25l'));
  });

  it('the hidden rotate-key prompt does not echo the key, and the key is saved', async () => {
    const target = await tenant();
    const work = scratch('jp-tty-');
    const env = { JASPER_API_URL: target.sandbox.url, JASPER_PUSH_CONFIG_DIR: work.configDir };
    try {
      const session = startPty(['rotate-key'], { columns: 80, env, cwd: work.dir });
      await session.waitFor(/New API key for \S+: /);
      session.write(`${TEST_KEY}\r`);
      const { code, output } = await session.done;
      expect(code, output).toBe(0);
      expect(output).not.toContain(TEST_KEY);
      expect(stripVTControlCharacters(output)).toContain(`Saved the new key ****${TEST_KEY.slice(-4)}`);
      const check = startPty(['ping', '--json'], { columns: 80, env, cwd: work.dir });
      const pinged = await check.done;
      expect(pinged.code, pinged.output).toBe(0);
    } finally {
      work.cleanup();
    }
  });
});
