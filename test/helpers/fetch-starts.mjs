// Loaded into the CLI (node --import) by the throttle tests. Records what the sandbox cannot see:
// the moment each HTTP call starts (as fetch is called), and the longest the CLI's event loop was
// blocked from the first call on, which bounds how long after the throttle counted a call its
// fetch could start. Written as JSON to the file FETCH_STARTS_FILE names when the CLI exits.
// Nothing here touches fetch's classes before the CLI does: loading them early would hide the
// time the CLI's first call spends loading them.
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const file = process.env.FETCH_STARTS_FILE;
if (file) {
  const starts = [];
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  const fetchOfNode = globalThis.fetch;
  globalThis.fetch = function recordedFetch(input, init) {
    const t = performance.timeOrigin + performance.now();
    // Blocks before the first call (loading the CLI) cannot delay a call; one still running is kept.
    if (starts.length === 0) loopDelay.reset();
    const url = new URL(typeof input === 'object' && 'url' in input ? input.url : String(input));
    const method = (init?.method ?? (typeof input === 'object' && 'method' in input ? input.method : 'GET')).toUpperCase();
    starts.push({ t, method, path: url.pathname + url.search });
    return fetchOfNode.call(this, input, init);
  };
  process.on('exit', () => {
    loopDelay.disable();
    // In ns; a sample is the whole time between two turns of a 5 ms timer, so at least the block.
    fs.writeFileSync(file, JSON.stringify({ starts, longestBlockMs: loopDelay.max / 1e6 }));
  });
}
