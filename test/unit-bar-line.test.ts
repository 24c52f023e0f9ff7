// A bar's line fitted to the terminal: the bar shrinks first, then the rate goes; the ETA stays.
import { describe, expect, it } from 'vitest';
import { BAR_WIDTH, fitBarLine } from '../src/cli/ui/bar-line.js';

const overall = {
  label: 'overall'.padEnd(20),
  counts: '12345/~13819 writes',
  optional: [' 12 failed', ' | 8.3/8.3 calls/s'],
  kept: ' | ETA 27m30s',
};

describe('a progress line at the terminal’s width', () => {
  it('has the whole bar on a wide terminal', () => {
    const line = fitBarLine(overall, 0.5, 160);
    expect(line).toBe(`${'overall'.padEnd(20)} ${'\u2588'.repeat(12)}${'\u2591'.repeat(12)} 12345/~13819 writes 12 failed | 8.3/8.3 calls/s | ETA 27m30s`);
    expect(BAR_WIDTH).toBe(24);
  });

  it('at 80 columns drops the bar, then the rate, and keeps the failures and the ETA', () => {
    const line = fitBarLine(overall, 0.5, 80);
    expect(line.length).toBeLessThan(80);
    expect(line).toBe(`${'overall'.padEnd(20)} 12345/~13819 writes 12 failed | ETA 27m30s`);
  });

  it('shrinks the bar before dropping anything when it has some room', () => {
    const line = fitBarLine({ ...overall, counts: '10/122 writes', optional: ['', ' | 3.6/4 calls/s'], kept: ' | ETA 31s' }, 0.1, 80);
    expect(line.length).toBeLessThan(80);
    expect(line).toMatch(/^overall {14}[\u2588\u2591]{10,23} 10\/122 writes \| 3\.6\/4 calls\/s \| ETA 31s$/);
  });

  it('gives up the label’s padding last, and never the ETA', () => {
    const line = fitBarLine(overall, 0.5, 50);
    expect(line).toBe('overall 12345/~13819 writes | ETA 27m30s');
  });
});
