// report.html: one self-contained page a partner can hand to a client. No script, no external
// stylesheet, font or image: it opens from a mail attachment or a zip as it is.
import { ENTITY_LABELS, STAGES } from '../plan/types.js';
import { escapeHtml as h } from './escape.js';
import { formatSeconds, rateChart } from './rate-chart.js';
import { estimateText } from './estimate-text.js';
import type { FailureGroup, RunReport } from './report-data.js';
import { counted, everyOne } from '../counted.js';

const OUTCOMES = ['created', 'updated', 'unchanged', 'failed', 'skipped'] as const;
/** With --prune, when something was (or would be) deleted: most runs delete nothing. */
const WITH_DELETED = ['created', 'updated', 'deleted', 'unchanged', 'failed', 'skipped'] as const;

const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; margin: 0; background: #f6f8fa; }
main { max-width: 1000px; margin: 0 auto; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 0 0 8px; }
.sub { color: #59636e; margin: 0 0 16px; }
dl.about { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0 0 16px; color: #59636e; }
dl.about dt { font-weight: 600; } dl.about dd { margin: 0; color: #1f2328; overflow-wrap: anywhere; }
section { background: #fff; border: 1px solid #d1d9e0; border-radius: 8px; padding: 16px 20px; margin-bottom: 16px; }
section > p:first-child { margin-top: 0; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; }
.figure b { display: block; font-size: 20px; } .figure span { color: #59636e; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: right; padding: 4px 8px; border-bottom: 1px solid #eef1f4; }
th:first-child, td:first-child { text-align: left; } th { color: #59636e; font-weight: 600; }
td.zero { color: #b0b7be; } td.bad { color: #cf222e; font-weight: 600; }
.ok { color: #1a7f37; } .warn { color: #9a6700; } .bad { color: #cf222e; }
.rate-chart { width: 100%; height: auto; }
.rate-chart .grid { stroke: #eef1f4; } .rate-chart .axis { font-size: 11px; fill: #59636e; }
.rate-chart .budget { stroke: #cf222e; stroke-dasharray: 6 4; stroke-width: 1.5; }
.rate-chart .per-second { fill: none; stroke: #b0b7be; stroke-width: 1; }
.rate-chart .window-rate { fill: none; stroke: #0969da; stroke-width: 2; }
.rate-chart .point { fill: #59636e; } .rate-chart .mark-429 { fill: #cf222e; } .rate-chart .mark-retry { stroke: #bf8700; stroke-width: 2; }
.legend { color: #59636e; font-size: 12px; display: flex; gap: 16px; flex-wrap: wrap; margin-top: 6px; }
.legend i { display: inline-block; width: 18px; height: 0; border-top: 2px solid; vertical-align: middle; margin-right: 4px; }
.group td { vertical-align: top; } .examples { color: #59636e; font-size: 12px; text-align: left; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; }
`;

export function reportHtml(report: RunReport): string {
  const title = `${report.dryRun ? 'Dry run' : 'Push'} ${report.kind} · run ${report.runId}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${h(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${h(title)}</h1>
${aboutSection(report)}
${outcomeSection(report)}
${rateSection(report)}
${entitySection(report)}
${failureSection(report)}
${linkSection(report)}
</main>
</body>
</html>
`;
}

/** What ran, where and when: a report handed on says it itself. */
function aboutSection(report: RunReport): string {
  const when = (iso: string) => `${iso.replace('T', ' ').slice(0, 19)} UTC`;
  const facts: [string, string, string][] = [
    ['tool', 'tool', `${report.tool.name} ${report.tool.version ?? ''}`.trim()],
    ['command', 'command line', report.commandLine ?? ''],
    ['from', 'source', `--from ${report.from}`],
    ['files', 'files', report.files.join(', ')],
    ['profile', 'profile', report.profile ?? ''],
    ['tenant', 'tenant host', report.tenant],
    ['started', 'started', when(report.startedAt)],
    ['finished', 'finished', when(report.finishedAt)],
    ['mode', 'mode', `${report.mode}${report.resumed ? ', resumed' : ''}`],
  ];
  const rows = facts
    .filter(([, , value]) => value !== '')
    .map(([fact, label, value]) => `<dt>${h(label)}</dt><dd data-fact="${fact}">${fact === 'command' ? `<code>${h(value)}</code>` : h(value)}</dd>`);
  return `<dl class="about">${rows.join('')}</dl>`;
}

function outcomeSection(report: RunReport): string {
  const { rows } = report;
  const problems = rows.failed + rows.skipped + rows.left + rows.linkFailed;
  const verdict = report.dryRun
    ? `<b>Dry run:</b> nothing was written; ${counted(report.plannedWrites, 'write')} planned for ${counted(rows.total, 'row')}.${report.estimate ? ` ${h(estimateText(report.estimate))}` : ''}`
    : problems === 0
      ? `<b class="ok">${sentence(everyOne(rows.total, 'row'))} written or already up to date.</b>`
      : `<b class="warn">${h(rowTally(rows))}</b>`;
  const leftOut =
    report.linksLeftOut > 0
      ? `<p class="warn">${report.linksLeftOut} related links to SKUs in neither the input nor Jasper were left out (--allow-missing-links).</p>`
      : '';
  const stopped = report.stopped ? `<p class="bad">${h(report.stopped)}</p>` : '';
  const figure = (value: string, label: string) => `<div class="figure"><b>${h(value)}</b><span>${h(label)}</span></div>`;
  return `<section>
<p>${verdict}</p>${stopped}${leftOut}
<div class="figures">
${figure(String(report.calls), `calls (${report.readCalls} to read)`)}
${figure(formatSeconds(Math.round(report.durationMs / 1000)), 'duration')}
${figure(`${report.callsPerSecond.toFixed(1)}/s`, `calls per second (budget ${budgetText(report)})`)}
${figure(String(report.rateLimited), 'answered 429')}
${figure(String(report.timeline.reduce((sum, second) => sum + second.retries, 0)), 'retries')}
</div>
</section>`;
}

/** Rows written apart from rows with a failed link (their product written), failed, skipped, and left by a stopped run. */
function rowTally(rows: RunReport['rows']): string {
  const parts = [`Pushed ${rows.created + rows.updated + rows.unchanged} of ${rows.total} rows`];
  if (rows.linkFailed > 0) parts.push(`${rows.linkFailed} of them with a failed related link (the product written, the link not)`);
  if (rows.failed + rows.skipped > 0) parts.push(`${rows.failed} failed, ${rows.skipped} skipped`);
  if (rows.left > 0) parts.push(`${rows.left} left for --resume`);
  return parts.join('; ') + '.';
}

function budgetText(report: RunReport): string {
  return `${report.budget.limit} per ${report.budget.windowMs / 1000} s`;
}

function rateSection(report: RunReport): string {
  return `<section>
<h2>Call rate against the throttle budget</h2>
${rateChart(report.timeline, report.budget)}
<div class="legend">
<span><i style="border-color:#b0b7be"></i>calls per second</span>
<span><i style="border-color:#0969da"></i>average over the throttle window</span>
<span><i style="border-color:#cf222e;border-top-style:dashed"></i>budget: ${h(budgetText(report))}</span>
<span><b class="bad">▼</b> answered 429</span>
<span><b class="warn">|</b> retries</span>
</div>
</section>`;
}

function entitySection(report: RunReport): string {
  const order = STAGES.flatMap((stage) => stage.entities).map((entity) => ENTITY_LABELS[entity]);
  const labels = Object.keys(report.entities).sort((a, b) => order.indexOf(a) - order.indexOf(b));
  const outcomes = labels.some((label) => report.entities[label]!.deleted > 0) ? WITH_DELETED : OUTCOMES;
  const cell = (outcome: (typeof WITH_DELETED)[number], count: number) =>
    `<td class="${count === 0 ? 'zero' : outcome === 'failed' || outcome === 'skipped' ? 'bad' : ''}">${count}</td>`;
  const body = labels.map((label) => `<tr><td>${h(label)}</td>${outcomes.map((outcome) => cell(outcome, report.entities[label]![outcome])).join('')}</tr>`);
  const rows = `<tr><td><b>input rows</b></td>${outcomes.map((outcome) => cell(outcome, report.rows[outcome])).join('')}</tr>`;
  return `<section>
<h2>Outcomes per entity${report.dryRun ? ' (as planned)' : ''}</h2>
<table><thead><tr><th>entity</th>${outcomes.map((outcome) => `<th>${outcome}</th>`).join('')}</tr></thead>
<tbody>${body.join('\n')}${rows}</tbody></table>
</section>`;
}

function failureSection(report: RunReport): string {
  if (report.failures.length === 0) return `<section><h2>Failures</h2><p class="ok">No row failed or was skipped, and no link failed.</p></section>`;
  const group = (entry: FailureGroup) => {
    const examples = entry.examples.map((example) => `<div><code>${h(example.where)}</code> ${h(example.key)}: ${h(example.error)}</div>`).join('');
    return `<tr class="group"><td>${h(entry.error)}<div class="examples">${examples}</div></td><td>${h(entry.stage)}</td><td>${entry.outcome}</td><td class="bad">${entry.count}</td></tr>`;
  };
  const more =
    report.moreFailures.groups > 0
      ? `<p>… and ${report.moreFailures.groups} more kinds of error (${report.moreFailures.rows} rows): see the failures file.</p>`
      : '';
  return `<section>
<h2>Failures by error</h2>
<table><thead><tr><th>error (with example rows)</th><th>stage</th><th>outcome</th><th>rows</th></tr></thead>
<tbody>${report.failures.map(group).join('\n')}</tbody></table>${more}
</section>`;
}

function linkSection(report: RunReport): string {
  const link = (name: string | undefined, about: string) => (name ? `<li><a href="${h(name)}">${h(name)}</a>: ${h(about)}</li>` : '');
  return `<section>
<h2>Run files</h2>
<ul>
${link(report.links.failures, 'the failed and skipped rows in their input format; push it again to retry exactly those rows')}
${link(report.links.results, 'every input row with its outcome and Jasper id')}
${link(report.links.summary, 'these figures as JSON')}
</ul>
</section>`;
}

/** Text begun with a capital, as the first words of a sentence. */
function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
