// The three tables (one per issue) from the figures in results.json. A scenario that did not run
// (neither now nor in an earlier run kept in results.json) shows "not measured".
import { renderTable, round, row } from './metrics.mjs';

const UNTHROTTLED_TARGET = 0.8 * (10 / 0.02); // 80% of concurrency ÷ latency = 400 calls/s
const exactText = (s) => (s ? (s.exact ? 'exact' : `${s.duplicates} dup, ${s.missing} missing, ${s.wrong} wrong, ${s.extra} extra`) : undefined);
const ms = (value) => (value === undefined ? undefined : `${(value / 1000).toFixed(1)} s`);

function issueA(r) {
  const p = r.push1k?.firstLoad;
  const t = r.throttle?.a300per10;
  return [
    row('1k load: calls per product', p?.callsPerProduct, '—', undefined, true),
    row(
      '1k load: calls/s unthrottled (c=10, 20 ms)',
      p && `${p.callsPerSecond} (CLI ${p.cliCallsPerSecond})`,
      `≥ ${UNTHROTTLED_TARGET}`,
      p && p.callsPerSecond >= UNTHROTTLED_TARGET,
    ),
    row('1k load: exit code / end state', p && `${p.exitCode} / ${exactText(p.state)}`, '0 / exact', p && p.ok && p.state.exact),
    row('300/10 s: windows covered (calls ÷ 300)', t && `${t.windows} (${t.calls} calls)`, '≥ 3', t && t.windows >= 3),
    row('300/10 s: calls/s (calls ÷ first→last arrival)', t?.achievedCallsPerSecond, `≥ ${0.95 * 30}`, t && t.achievedCallsPerSecond >= 28.5),
    row('300/10 s: calls/s over the whole wall time', t?.wallCallsPerSecond, '—', undefined, true),
    row('300/10 s: wall ÷ floor (calls ÷ 300 × 10 s)', t && `${t.wallOverFloor} (${ms(t.wallMs)} vs ${ms(t.floorMs)})`, '—', undefined, true),
    row('300/10 s: max calls in any 10 s window', t?.maxInWindow, '≤ 300', t && t.maxInWindow <= 300),
    row('300/10 s: exit code / end state', t && `${t.exitCode} / ${exactText(t.state)}`, '0 / exact', t && t.ok && t.state.exact),
  ];
}

function issueB(r) {
  const s = r.soak;
  const k = r.kill;
  return [
    row('soak: exit code', s && `${s.exitCode}${s.error ? ` (${s.error.slice(0, 80)})` : ''}`, '0', s && s.ok),
    row('soak: requests / wall time', s && `${s.calls} / ${ms(s.wallMs)}`, '—', undefined, true),
    row(
      'soak: time with no request for ≥ 0.5 s',
      s?.time && `${ms(s.time.pausedMs)} in ${s.time.pauses} pauses; ${s.time.bursts429} bursts of 429s; ${s.time.activeCallsPerSecond} calls/s otherwise`,
      '—',
      undefined,
      true,
    ),
    row(
      'soak: faults injected (count, share)',
      s &&
        Object.entries(s.faults)
          .map(([n, v]) => `${n} ${v} (${round((100 * v) / s.calls, 1)}%)`)
          .join(', '),
      '—',
      undefined,
      true,
    ),
    row('soak: duplicates in the sandbox', s?.state.duplicates, '0', s && s.state.duplicates === 0),
    row(
      'soak: products missing / wrong',
      s && `${s.state.missing} / ${s.state.wrong} of ${s.state.expected}`,
      '0 / 0',
      s && s.state.missing === 0 && s.state.wrong === 0,
    ),
    row('soak: end state', exactText(s?.state), 'exact', s && s.state.exact),
    row('kill: kill -9 count', k && `${k.kills}${k.finishedEarly ? ` (+${k.finishedEarly} ended by itself)` : ''}`, '≥ 20', k && k.kills >= 20),
    row('kill: final --resume exit code', k?.finalExitCode, '0', k && k.finalOk),
    row('kill: end state', exactText(k?.state), 'exact', k && k.state.exact),
    row('kill: SKUs differing from a clean run', k?.differingFromClean, '0', k && k.differingFromClean === 0),
    row('kill: run folders (one run, resumed each time)', k?.runFolders, '1', k && k.runFolders === 1),
    row('kill: requests, all runs / one clean run', k && `${k.totalRequests} / ${k.requestsPerCleanRun}`, '—', undefined, true),
  ];
}

function scale(label, s) {
  const f = s?.firstLoad;
  const u = s?.rerun;
  const c = s?.change;
  return [
    row(`${label}: first load calls (per product)`, f && `${f.calls} (${f.callsPerProduct}), ${f.writes} writes`, '—', undefined, true),
    row(
      `${label}: first load calls/s unthrottled`,
      f && `${f.callsPerSecond} (CLI ${f.cliCallsPerSecond})`,
      `≥ ${UNTHROTTLED_TARGET}`,
      f && f.callsPerSecond >= UNTHROTTLED_TARGET,
    ),
    row(`${label}: first load wall / peak RSS`, f && `${ms(f.wallMs)} / ${f.peakRssMb} MB (time: ${f.timeMaxRssMb ?? '—'} MB)`, '—', undefined, true),
    row(`${label}: first load end state`, f && `${f.exitCode} / ${exactText(f.state)}`, '0 / exact', f && f.ok && f.state.exact),
    row(`${label}: unchanged rerun writes`, u?.writes, '0', u && u.ok && u.writes === 0),
    row(
      `${label}: unchanged rerun calls (per product)`,
      u && `${u.calls} (${u.callsPerProduct}) = ${round(100 * u.callsShareOfFirst, 2)}% of first`,
      '≤ 5% of first',
      u && u.callsShareOfFirst <= 0.05,
    ),
    row(
      `${label}: 1% change (${c?.changedProducts ?? '?'} products) writes`,
      c && `${c.writes} (${c.calls} calls, ${c.callsPerProduct}/product)`,
      c ? `≤ ${c.changeWriteTarget}` : '≤ 1.2 × share',
      c && c.ok && c.writes <= c.changeWriteTarget,
    ),
    row(`${label}: 1% change end state`, c && exactText(c.state), 'exact', c && c.state.exact),
  ];
}

function issueC(r) {
  const t = r.throttle?.c500per6;
  const n = r.newman;
  const m = r.memory;
  return [
    ...scale('1k', r.push1k),
    ...scale('10k', r.push10k),
    row('500/6 s: calls / floor (calls ÷ 500 × 6 s)', t && `${t.calls} / ${ms(t.floorMs)}`, '—', undefined, true),
    row('500/6 s: CLI durationMs ÷ floor', t && `${t.cliWallOverFloor} (${ms(t.cliDurationMs)})`, '≤ 1.05', t && t.cliWallOverFloor <= 1.05),
    row('500/6 s: measured wall ÷ floor', t && `${t.wallOverFloor} (${ms(t.wallMs)})`, '≤ 1.05', t && t.wallOverFloor <= 1.05),
    row('500/6 s: max calls in any 6 s window', t?.maxInWindow, '≤ 500', t && t.maxInWindow <= 500),
    row('500/6 s: end state', t && `${t.exitCode} / ${exactText(t.state)}`, '0 / exact', t && t.ok && t.state.exact),
    row(`newman (${n?.rows ?? '?'} rows): wall time`, n && `${ms(n.newman.wallMs)} (${n.newman.requests} requests)`, '—', undefined, true),
    row('jasper-push same catalog: wall time', n && `${ms(n.jasper.wallMs)} (${n.jasper.calls} calls)`, '—', undefined, true),
    row('newman ÷ jasper-push wall time', n && `${n.wallRatio}× (inside the tools: ${n.innerRatio}×)`, '≥ 8×', n && n.wallRatio >= 8),
    row(
      'newman / jasper-push end state',
      n && `${exactText(n.newman.state)} / ${exactText(n.jasper.state)}`,
      'exact / exact',
      n && n.newman.state.exact && n.jasper.state.exact && n.jasper.ok,
    ),
    row(
      `dry run ${m?.rows ?? '100000'} rows: peak RSS`,
      m && `${m.peakRssMb ?? '—'} MB (JSON), ${m.timeMaxRssMb ?? '—'} MB (/usr/bin/time)`,
      '< 300 MB',
      m && m.ok && m.rssMb < 300,
    ),
    row('dry run: exit code / wall time', m && `${m.exitCode} / ${ms(m.wallMs)}`, '0', m && m.ok),
    row(
      'dry run: writes planned / reads made',
      m && `${m.plannedWrites} / ${m.readCalls} (sandbox writes: ${m.sandboxWrites})`,
      '— / — (0)',
      m && m.sandboxWrites === 0,
    ),
    ...nightly(r.nightly),
    ...million(r.memory1m),
  ];
}

/** Issue 11: the nightly of a 100,000-row catalog, first load and unchanged rerun, each under 250 MB. */
function nightly(g) {
  const rows = g?.rows ?? '100000';
  return [
    row(`${rows} rows first load: exit / calls / wall`, g && `${g.first.exitCode} / ${g.first.calls} / ${ms(g.first.wallMs)}`, '0', g && g.first.ok),
    row(`${rows} rows first load: peak RSS`, g && `${g.first.rssMb} MB`, '< 250 MB', g && g.first.ok && g.first.rssMb < 250),
    row(
      `${rows} rows unchanged rerun: writes / peak RSS`,
      g && `${g.rerun.writes} / ${g.rerun.rssMb} MB (cache ${g.cacheMb} MB on disk)`,
      '0 / < 250 MB',
      g && g.rerun.ok && g.rerun.writes === 0 && g.rerun.rssMb < 250,
    ),
  ];
}

/** Issue 11: a 1,000,000-row catalog validated and planned (--dry-run) under 300 MB. */
function million(m) {
  return [
    row(
      `dry run ${m?.rows ?? '1000000'} rows: peak RSS`,
      m && `${m.peakRssMb ?? '—'} MB (JSON), ${m.timeMaxRssMb ?? '—'} MB (/usr/bin/time)`,
      '< 300 MB',
      m && m.ok && m.rssMb < 300,
    ),
    row(
      `dry run ${m?.rows ?? '1000000'} rows: exit code / wall time / writes planned`,
      m && `${m.exitCode} / ${ms(m.wallMs)} / ${m.plannedWrites}`,
      '0',
      m && m.ok,
    ),
  ];
}

export function renderReport(results) {
  return [
    renderTable('Issue A — push: calls per product and throughput', issueA(results)),
    renderTable('Issue B — faults: soak and kill -9 / --resume', issueB(results)),
    renderTable('Issue C — nightly: deltas, throttle floor, newman, memory', issueC(results)),
    renderTable('Issue 9 — sources: 100,000-row exports, --dry-run', sourcesRows(results)),
    renderTable('Issue 16 — the same files from a dated folder', datedRows(results.dated)),
    renderTable('Issue 17 — a batched push under the throttle: share of the budget used', budgetRows(results)),
    renderTable('Issue 18 — undo: a 1% change nightly and its undo', undoRows(results)),
  ].join('\n');
}

/** Issue 16: the nightly pair, then the same two files copied to a dated folder: no write, only the tenant check's reads. */
function datedRows(d) {
  const n = d?.products ?? '100000';
  const pair = (night) => night && `${night.products.calls} + ${night.inventory.calls} calls, ${night.products.writes} + ${night.inventory.writes} writes`;
  return [
    row(
      `${n} products + ${d?.stockRows ?? '?'} inventory rows, first night`,
      d && `${pair(d.first)}, ${ms(d.first.products.wallMs + d.first.inventory.wallMs)}`,
      '0 exits',
      d && d.first.products.ok && d.first.inventory.ok,
    ),
    row(
      'same files from a dated folder',
      d && `${pair(d.dated)}, ${ms(d.dated.products.wallMs + d.dated.inventory.wallMs)}`,
      '0 writes',
      d && d.dated.products.ok && d.dated.inventory.ok && d.datedWrites === 0,
    ),
    row('writes with undocumented keys (strict sandbox)', d?.undocumented, '0', d && d.undocumented === 0),
  ];
}

/** Issue 9: peak RSS of each platform's 100,000-row export next to the section 3 file's. */
function sourcesRows(r) {
  const m = r.memory;
  const rows = [row('section 3 products.csv (memory scenario): peak RSS', m && `${m.rssMb ?? '—'} MB`, '< 300 MB', m && m.ok && m.rssMb < 300)];
  for (const source of ['shopify', 'woocommerce', 'magento']) {
    const s = r.sources?.[source];
    rows.push(
      row(
        `--from ${source}, ${s?.rows ?? 100000} rows (${s?.fileMb ?? '?'} MB): exit / peak RSS / wall`,
        s && `${s.exitCode} / ${s.rssMb} MB / ${ms(s.wallMs)}`,
        '0 / < 300 MB',
        s && s.ok && s.rssMb < 300,
      ),
    );
  }
  return rows;
}

/** Issue 17: calls ÷ (limit × first→last arrival ÷ window), next to what the client's window margin allows. */
function budgetRows(r) {
  const pct = (share) => (share === undefined ? undefined : `${(share * 100).toFixed(1)} %`);
  return [
    ['60 per 3 s', r.budget?.b60per3],
    ['500 per 60 s', r.budget?.b500per60],
  ].flatMap(([label, b]) => [
    row(
      `${label}, batches of ${b?.batchSize ?? 60} (${b?.batches ?? '?'} batches, ${b?.calls ?? '?'} calls): budget used`,
      b && `${pct(b.budgetShare)} (${ms(b.spanMs)}; the margin allows ${pct(b.marginShare)}, pacing ${pct(b.pacing)})`,
      '≥ 97 %',
      b && b.ok && b.budgetShare >= 0.97,
    ),
    row(
      `${label}: max calls in any window / exit / end state`,
      b && `${b.maxInWindow} / ${b.exitCode} / ${exactText(b.state)}`,
      `≤ ${b?.limit ?? 'limit'} / 0 / exact`,
      b && b.ok && b.maxInWindow <= b.limit && b.state.exact,
    ),
  ]);
}

/** Issue 18: the nightly's extra reads for "before" values, and its undo's calls against the nightly's writes. */
function undoRows(r) {
  return ['undo1k', 'undo100k'].flatMap((name) => {
    const u = r[name];
    if (!u) return [];
    return [
      row(
        `${name}: nightly product reads per changed product`,
        u.nightly && `${u.nightly.productReads} / ${u.changedProducts} = ${u.nightly.readsPerChangedProduct}`,
        '≤ 1',
        u.nightly && u.nightly.readsPerChangedProduct <= 1,
      ),
      row(`${name}: undo calls / nightly writes`, u.undo && `${u.undo.calls} / ${u.nightly.writes} (${u.undo.callsPerNightlyWrite})`, '≈ 1', u.ok),
      row(`${name}: tenant as before / earlier file writes`, `${u.tenantRestored} / ${u.rerunWrites}`, 'true / 0', u.tenantRestored && u.rerunWrites === 0),
    ];
  });
}
