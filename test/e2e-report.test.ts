// report.html: written by every run (dry runs included), found by `jasper-push report`, and a page
// that a real browser opens without errors, fetching nothing, with the run's calls on its chart.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BackgroundJob, inBackground } from './helpers/background.js';
import { FIXTURES, ROOT, runCli } from './helpers/cli.js';
import { latestRun, startTenant, type Tenant, tenantWithDemoProducts } from './helpers/tenant.js';

const PRODUCTS = path.join(FIXTURES, 'demo/products.csv');
const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const CHROMIUM = '/usr/bin/chromium';
const HAVE_CHROMIUM = fs.existsSync(CHROMIUM);
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let tenant: Tenant | undefined;
afterEach(async () => {
  await tenant?.close();
  tenant = undefined;
});

/** A catalog with two rows that fail the same way and one that fails otherwise (pushed with --skip-invalid). */
function catalogWithFailures(dir: string): string {
  const file = path.join(dir, 'products.csv');
  const rows = [
    'sku,name,msrp,cost',
    'OK-1,Good one,10.00,5.00',
    'OK-2,Good two,11.00,5.00',
    'BAD-1,Bad price,ten,5.00',
    'BAD-2,Bad price too,eleven,5.00',
    'OK-3,Good three,12.00,5.00',
    'BAD-3,,12.00,5.00',
  ];
  fs.writeFileSync(file, rows.join('\n') + '\n');
  return file;
}

function report(runFolder: string): string {
  return fs.readFileSync(path.join(runFolder, 'report.html'), 'utf8');
}

/**
 * The browser test's push, throttled so that the chart has several points: about 4 s at its
 * throttle with under 1 s of CPU. It starts with the file, beside the other tests; the browser
 * test opens its report, and the file's cleanup closes its tenant.
 */
async function throttledPush() {
  const pushed = await startTenant();
  // A window of 2 s: its first second takes the whole window's budget at once, which is no excess over 30/s.
  const result = await pushed.push(['products', PRODUCTS, '--throttle-limit', '60', '--throttle-seconds', '2']);
  return { tenant: pushed, result };
}
let throttled: BackgroundJob<Awaited<ReturnType<typeof throttledPush>>> | undefined;
const BROWSER_TEST = HAVE_CHROMIUM
  ? 'loads with no console errors and no requests; the chart has a point for each second of calls, together all the run’s calls, and a window average never above the budget the run kept; the header names what ran'
  : `SKIPPED: ${CHROMIUM} is not installed here (.ci/run installs Debian's chromium), so report.html was not opened in a browser`;
beforeAll(({}, file) => {
  if (!HAVE_CHROMIUM) return;
  throttled = inBackground(file, BROWSER_TEST, throttledPush, ({ tenant: pushed }) => pushed.close());
  return throttled.settled;
});

describe('report.html', () => {
  it('is written beside summary.json by a push: self-contained, with outcomes, failures grouped by error and links to the run files', async () => {
    tenant = await startTenant();
    const result = await tenant.push(['products', catalogWithFailures(tenant.dir), '--skip-invalid']);
    expect(result.code, result.stderr).toBe(1);
    const run = latestRun(tenant.runDir);
    expect(fs.existsSync(path.join(run, 'summary.json'))).toBe(true);
    expect(result.stdout).toContain(path.join(run, 'report.html'));
    const html = report(run);
    // Nothing fetched: no script, stylesheet, font or image from anywhere.
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(|src=/i);
    expect(html).toContain('Pushed 3 of 6 rows; 3 failed, 0 skipped.');
    // The two bad prices are one group of 2, with both rows as examples; the missing name its own.
    const groups = [
      ...html.matchAll(/<tr class="group"><td>(.*?)<div class="examples">(.*?)<\/div><\/td><td>.*?<\/td><td>.*?<\/td><td class="bad">(\d+)<\/td>/g),
    ];
    expect(groups.map((group) => Number(group[3])).sort()).toEqual([1, 2]);
    const prices = groups.find((group) => group[3] === '2')!;
    expect(prices[2]).toContain('products.csv:4');
    expect(prices[2]).toContain('products.csv:5');
    expect(html).toContain('<a href="failures.csv">failures.csv</a>');
    expect(html).toContain('<a href="results.csv">results.csv</a>');
    expect(html).not.toContain(tenant.env.JASPER_API_KEY);
  });

  it('is written by a dry run too, and `jasper-push report` prints the latest run’s (or a named run’s) path', async () => {
    // A nightly on the shared demo load: a real run (nothing to write), then a dry run.
    tenant = await tenantWithDemoProducts();
    const real = await tenant.push(['products', PRODUCTS]);
    expect(real.code, real.stderr).toBe(0);
    const first = latestRun(tenant.runDir);
    const dry = await tenant.push(['products', PRODUCTS, '--dry-run', '--full']);
    expect(dry.code, dry.stderr).toBe(0);
    const second = latestRun(tenant.runDir);
    expect(second).not.toBe(first);
    expect(fs.existsSync(path.join(second, 'journal.jsonl'))).toBe(false);
    expect(report(second)).toContain('Dry run:</b> nothing was written');

    const latest = await runCli(['report', '--run-dir', tenant.runDir]);
    expect(latest.code, latest.stderr).toBe(0);
    expect(latest.stdout.trim()).toBe(path.resolve(second, 'report.html'));
    const named = await runCli(['report', path.basename(first), '--run-dir', tenant.runDir]);
    expect(named.stdout.trim()).toBe(path.resolve(first, 'report.html'));
    const unknown = await runCli(['report', 'no-such-run', '--run-dir', tenant.runDir]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No run "no-such-run"');
    // --open hands the file to the desktop's opener (xdg-open here, which asks $BROWSER without a desktop).
    const opened = path.join(tenant.dir, 'opened.txt');
    const browser = path.join(tenant.dir, 'browser.sh');
    fs.writeFileSync(browser, `#!/bin/sh\necho "$1" > '${opened}'\n`, { mode: 0o755 });
    const open = await runCli(['report', '--open', '--run-dir', tenant.runDir], {
      env: { BROWSER: browser, DISPLAY: undefined, WAYLAND_DISPLAY: undefined, XDG_CURRENT_DESKTOP: undefined },
    });
    expect(open.code, open.stderr).toBe(0);
    await expect.poll(() => fs.existsSync(opened) && fs.readFileSync(opened, 'utf8').trim(), { timeout: 10_000 }).toBe(path.resolve(second, 'report.html'));
    // A dry run is not a run to resume.
    const resume = await tenant.push(['products', PRODUCTS, '--resume', path.basename(second)]);
    expect(resume.code).toBe(2);
    expect(resume.stderr).toContain('was a dry run');
  });
});

describe('report.html in a browser', () => {
  let browser: import('playwright-core').BrowserContext | undefined;
  let profile: string | undefined;
  beforeAll(async () => {
    if (!HAVE_CHROMIUM) return;
    const { chromium } = await import('playwright-core');
    profile = fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'jp-chromium-'));
    // A fresh profile (--user-data-dir) per run: playwright takes it as the persistent context's folder.
    browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  });
  afterAll(async () => {
    await browser?.close();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
  });

  it.skipIf(!HAVE_CHROMIUM)(BROWSER_TEST, async () => {
    const { tenant: pushed, result } = await throttled!.result;
    expect(result.code, result.stderr).toBe(0);
    const run = latestRun(pushed.runDir);
    const summary = JSON.parse(fs.readFileSync(path.join(run, 'summary.json'), 'utf8')) as { calls: number; durationMs: number };

    const page = await browser!.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('request', (request) => requests.push(request.url()));
    const url = `file://${path.resolve(run, 'report.html')}`;
    await page.goto(url);
    await page.waitForLoadState('load');

    expect(problems).toEqual([]);
    expect(requests).toEqual([url]);
    const points = await page
      .locator('svg.rate-chart circle.point')
      .evaluateAll((circles) => circles.map((circle) => ({ calls: Number(circle.getAttribute('data-calls')), box: circle.getBoundingClientRect() })));
    expect(points.length).toBeGreaterThanOrEqual(Math.floor(summary.durationMs / 1000));
    expect(points.reduce((sum, point) => sum + point.calls, 0)).toBe(summary.calls);
    // Drawn inside the chart, left to right.
    const chart = await page.locator('svg.rate-chart').boundingBox();
    expect(chart!.width).toBeGreaterThan(300);
    for (const point of points) expect(point.box.width).toBeGreaterThan(0);
    expect(points.every((point, index) => index === 0 || point.box.x > points[index - 1]!.box.x)).toBe(true);

    // The header names what ran, where and when.
    const fact = (name: string) => page.locator(`dl.about dd[data-fact="${name}"]`).innerText();
    expect(await fact('tool')).toBe(`jasper-push ${VERSION}`);
    expect(await fact('command')).toMatch(/^jasper-push push products \S+products\.csv --throttle-limit 60 --throttle-seconds 2 --run-dir /);
    expect(await fact('from')).toBe('--from jasper');
    expect(await fact('profile')).toBe('default');
    expect(await fact('tenant')).toBe(new URL(pushed.sandbox.url).host);
    const started = Date.parse(`${(await fact('started')).replace(' UTC', 'Z').replace(' ', 'T')}`);
    const finished = Date.parse(`${(await fact('finished')).replace(' UTC', 'Z').replace(' ', 'T')}`);
    expect(finished).toBeGreaterThanOrEqual(started);
    expect(finished - started).toBeLessThan(summary.durationMs + 2000);

    // The budget held (the throttle's guarantee): the window average never reads above it.
    const averages = await page
      .locator('svg.rate-chart circle.point title')
      .evaluateAll((titles) => titles.map((title) => Number(/window average ([\d.]+)\/s/.exec(title.textContent ?? '')?.[1])));
    expect(averages.length).toBe(points.length);
    expect(Math.max(...averages)).toBeLessThanOrEqual(30);
    expect(Math.max(...averages)).toBeGreaterThan(0);
    await page.close();
  });
});
