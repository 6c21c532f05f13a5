import type { Finding } from '../analysis/types.js';
import type { CheckResult, RunResult, Verdict } from '../core/types.js';
import {
  KINDS, KIND_TITLE, STATUS_LABEL, VERDICT_LINE, clockUtc, duration, escapeXml as e, findingsOfRun, incidentOf, notificationsOf,
  rollbackOf, splitCommand, summaryLine,
} from './format.js';
import { renderTimelineChart } from './timeline-chart.js';

/**
 * report.html: one self-contained file for the postmortem — inline CSS and SVG, no script, no
 * external asset (not even a link), readable on a phone. Pure. Every string from the run goes
 * through `e()`, so a response excerpt can never become markup.
 */

const MARK: Record<Verdict, string> = { passed: '✓', warning: '⚠', critical: '✗', aborted: '■', deployment_failed: '✗' };

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#f6f8fa}
main,header.verdict>div{max-width:980px;margin:0 auto;padding:0 14px}
header.verdict{color:#fff;padding:18px 0 14px}
header.passed{background:#1a7f37}header.warning{background:#9a6700}header.critical{background:#cf222e}header.aborted{background:#57606a}
h1{font-size:1.45rem;margin:0 0 6px;line-height:1.25}h2{font-size:1.2rem;margin:26px 0 10px}h3{font-size:1.05rem;margin:0 0 8px}
.meta{margin:2px 0;opacity:.95;overflow-wrap:anywhere}
section{margin-bottom:8px}
.card{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:12px 14px;margin:0 0 12px}
.finding.critical{border-left:6px solid #cf222e}.finding.warning{border-left:6px solid #bf8700}
dl{margin:0 0 8px;display:grid;grid-template-columns:max-content 1fr;gap:2px 10px}dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
ol,ul{padding-left:22px;margin:6px 0}li{margin:3px 0;overflow-wrap:anywhere}
code,pre{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
code{background:#eff1f3;border-radius:4px;padding:1px 4px;overflow-wrap:anywhere}
pre{background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;padding:8px;white-space:pre-wrap;overflow-wrap:anywhere;margin:6px 0}
.badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:.82rem;font-weight:600;color:#fff;white-space:nowrap}
.s-passed{background:#1a7f37}.s-failed{background:#cf222e}.s-timed_out{background:#bc4c00}.s-error{background:#9a6700}
.s-blocked{background:#6e7781}.s-skipped{background:#8c959f}.sev-warning.s-failed,.sev-warning.s-timed_out{background:#9a6700}
details.check{background:#fff;border:1px solid #d0d7de;border-radius:8px;margin:0 0 8px}
details.check>summary{cursor:pointer;padding:8px 12px;display:flex;flex-wrap:wrap;gap:4px 10px;align-items:baseline}
details.check>div{padding:0 12px 10px;border-top:1px solid #eaeef2}
details.passed-group{margin:0 0 8px}details.passed-group>summary{cursor:pointer;padding:6px 2px;color:#1a7f37;font-weight:600}
.name{font-weight:600}.dim{color:#59636e}.reason{flex-basis:100%;color:#59636e;overflow-wrap:anywhere}
.chart-box{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:10px 12px}
svg.chart{display:block;font-size:12px}
svg .bar.ok{fill:#2da44e}svg .bar.bad{fill:#cf222e}svg .bar.warn{fill:#d4a72c}svg .bar.none{fill:#8c959f}
svg .bar-label{fill:#1f2328}svg .axis{fill:#59636e;font-size:11px}svg .tick,svg .baseline{stroke:#8c959f}
svg .marker line{stroke-width:1.5;stroke-dasharray:4 3}svg .marker text{font-size:11px;font-weight:600}
svg .failures line{stroke:#bc4c00}svg .failures text{fill:#bc4c00}svg .decision line{stroke:#cf222e}svg .decision text{fill:#cf222e}
svg .rollback line{stroke:#0969da}svg .rollback text{fill:#0969da}svg .deadline line,svg .incident line{stroke:#8250df}
svg .deadline text,svg .incident text{fill:#8250df}
svg .bar-label,svg .marker text,svg .axis{paint-order:stroke;stroke:#fff;stroke-width:5px;stroke-linejoin:round}
ul.events{list-style:none;padding-left:0}
@media (max-width:560px){dl{grid-template-columns:1fr;gap:0}dd{margin-bottom:6px}h1{font-size:1.3rem}}
footer{color:#59636e;font-size:.85rem;max-width:980px;margin:20px auto;padding:0 14px}
`;

function steps(f: Finding): string {
  return `<ol class="remediation">${f.remediation.map((s) => {
    const { text, command } = splitCommand(s);
    return `<li>${e(text)}${command ? `${text ? ' ' : ''}<code>${e(command)}</code>` : ''}</li>`;
  }).join('')}</ol>`;
}

function finding(f: Finding, i: number): string {
  return `<article class="card finding ${f.severity}"><h3>${i + 1}. ${f.severity === 'critical' ? 'CRITICAL' : 'WARNING'}: ${e(f.title)}</h3>`
    + `<dl><dt>Issue</dt><dd>${e(f.issue)}</dd><dt>Impact</dt><dd>${e(f.impact)}</dd><dt>Probable cause</dt><dd>${e(f.probableCause)}</dd>`
    + `${f.checks.length ? `<dt>Checks</dt><dd>${e(f.checks.join(', '))}</dd>` : ''}<dt>Rule</dt><dd><code>${e(f.rule)}</code></dd></dl>`
    + `<strong>Remediation</strong>${steps(f)}</article>`;
}

function outcome(result: RunResult): string {
  const d = result.decision;
  const items = [`<dt>Decision</dt><dd>${e(d.action)}${d.mode ? ` (${e(d.mode.replace(/_/g, ' '))})` : ''} — ${e(d.reason)}</dd>`];
  const rb = rollbackOf(result);
  if (rb) {
    const images = rb.currentImage || rb.previousImage ? ` <code>${e(rb.currentImage ?? '?')}</code> → <code>${e(rb.previousImage ?? '?')}</code>` : '';
    items.push(`<dt>Rollback</dt><dd>${e(rb.status.replace(/_/g, ' '))}${images}${rb.message ?? rb.reason ? ` — ${e(rb.message ?? rb.reason)}` : ''}</dd>`);
    if (rb.alertOps) items.push(`<dt>Ops</dt><dd><strong>Act now.</strong>${rb.manualCommand ? ` Manual rollback: <code>${e(rb.manualCommand)}</code>` : ''}</dd>`);
  }
  const notes = notificationsOf(result);
  if (notes.length) items.push(`<dt>Notifications</dt><dd>${notes.map((n) => `${e(n.channel)}: ${e(n.status)}${n.detail ? ` (${e(n.detail)})` : ''}`).join('; ')}</dd>`);
  const inc = incidentOf(result);
  if (inc) items.push(`<dt>Incident</dt><dd>${inc.id ? `${e(inc.id)} (${e(inc.provider)}${inc.created ? ', created' : ', existing'})` : `${e(inc.provider)} failed: ${e(inc.error)}`}${inc.url ? ` — <span class="dim">${e(inc.url)}</span>` : ''}</dd>`);
  return `<section id="outcome"><h2>Outcome</h2><div class="card"><dl>${items.join('')}</dl></div></section>`;
}

function checkBody(c: CheckResult): string {
  const rows: string[] = [];
  if (c.target) rows.push(`<dt>Target</dt><dd><code>${e(c.target)}</code></dd>`);
  rows.push(`<dt>Type</dt><dd>${e(c.type)}${c.required ? ', required' : ', optional'}${c.attempts > 1 ? `, ${c.attempts} attempts` : ''}</dd>`);
  if (c.httpStatus !== undefined) rows.push(`<dt>HTTP status</dt><dd>${e(c.httpStatus)}</dd>`);
  if (c.errorCode) rows.push(`<dt>Error code</dt><dd><code>${e(c.errorCode)}</code></dd>`);
  if (c.startedAt) rows.push(`<dt>When (UTC)</dt><dd>${e(clockUtc(c.startedAt))}${c.finishedAt ? `–${e(clockUtc(c.finishedAt))}` : ''} (timeout ${e(duration(c.timeoutMs))})</dd>`);
  if (c.dependsOn?.length) rows.push(`<dt>Depends on</dt><dd>${e(c.dependsOn.join(', '))}</dd>`);
  const parts = [`<dl>${rows.join('')}</dl>`];
  const assertions = c.assertions ?? [];
  if (assertions.length) {
    parts.push(`<ul>${assertions.map((a) => `<li>${a.passed ? '✓' : '✗'} ${e(a.name)}: expected <code>${e(JSON.stringify(a.expected))}</code>, got <code>${e(JSON.stringify(a.actual))}</code></li>`).join('')}</ul>`);
  }
  if (c.components?.length) parts.push(`<ul>${c.components.map((p) => `<li>component <strong>${e(p.name)}</strong>: ${e(p.status)}${p.output ? ` — ${e(p.output)}` : ''}</li>`).join('')}</ul>`);
  if (c.steps?.length) {
    parts.push(`<ol>${c.steps.map((s) => `<li>${e(s.name)}${s.method ? ` <code>${e(`${s.method} ${s.target ?? ''}`.trim())}</code>` : ''}: ${e(s.status.replace(/_/g, ' '))}${s.httpStatus ? ` (${e(s.httpStatus)})` : ''}${s.reason ? ` — ${e(s.reason)}` : ''}</li>`).join('')}</ol>`);
  }
  if (c.bodyExcerpt) parts.push(`<div class="dim">Response excerpt</div><pre>${e(c.bodyExcerpt)}</pre>`);
  return parts.join('');
}

function check(c: CheckResult): string {
  const open = c.severity !== 'none' ? ' open' : '';
  const time = c.status === 'blocked' || c.status === 'skipped' ? '' : `<span class="dim">${e(duration(c.durationMs))}</span>`;
  const sev = c.severity !== 'none' ? ` <span class="dim">(${e(c.severity)})</span>` : '';
  return `<details class="check" id="check-${e(c.name)}"${open}><summary><span class="badge s-${c.status} sev-${c.severity}">${e(STATUS_LABEL[c.status])}</span>`
    + `<span class="name">${e(c.name)}</span>${sev}${time}${c.status !== 'passed' && c.reason ? `<span class="reason">${e(c.reason)}</span>` : ''}${c.status === 'passed' && c.summary ? `<span class="reason">${e(c.summary)}</span>` : ''}</summary>`
    + `<div>${checkBody(c)}</div></details>`;
}

/** Past this many passing checks of one kind, they fold into one closed group. */
export const PASSED_GROUP_THRESHOLD = 10;

/**
 * What needs reading first stays in view; passing checks fold into one closed group when they are
 * many (a closed <details> is not laid out, so a report of 1,000 checks opens at once).
 */
function checksOfKind(checks: CheckResult[]): string {
  const passed = checks.filter((c) => c.status === 'passed' && c.severity === 'none');
  if (passed.length <= PASSED_GROUP_THRESHOLD) return checks.map(check).join('');
  const rest = checks.filter((c) => !passed.includes(c));
  return `${rest.map(check).join('')}<details class="passed-group"><summary>${e(passed.length)} passed checks</summary>${passed.map(check).join('')}</details>`;
}

export function render(result: RunResult): string {
  const findings = findingsOfRun(result);
  const t = result.target;
  const where = [t.environment, t.deployment && `deployment ${t.namespace ? `${t.namespace}/` : ''}${t.deployment}`, t.baseUrl].filter(Boolean).join(' · ');
  const checks = KINDS.filter((k) => result.checks.some((c) => c.kind === k))
    .map((k) => `<h3>${e(KIND_TITLE[k])}</h3>${checksOfKind(result.checks.filter((c) => c.kind === k))}`).join('');
  const events = result.timeline.filter((ev) => ev.kind !== 'check_started' && ev.kind !== 'check_finished');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${e(`${result.verdict.toUpperCase()} · smokeguard ${t.environment ?? ''} ${result.runId}`)}</title>
<style>${CSS}</style>
</head>
<body>
<header class="verdict ${result.verdict}" id="verdict"><div>
<h1>${MARK[result.verdict]} ${e(VERDICT_LINE[result.verdict])}${result.dryRun ? ' (dry run)' : ''}</h1>
${where ? `<p class="meta">${e(where)}</p>` : ''}
${result.abortReason ? `<p class="meta">Aborted: ${e(result.abortReason)}</p>` : ''}
<p class="meta">${e(summaryLine(result))}</p>
<p class="meta">run ${e(result.runId)} · ${e(clockUtc(result.startedAt))}–${e(clockUtc(result.finishedAt))} UTC · ${e(duration(result.durationMs))}${result.deadlineReached ? ` · deadline of ${e(Math.round(result.deadlineMs / 1000))} s reached` : ''}</p>
</div></header>
<main>
${findings.length ? `<section id="findings"><h2>Findings</h2>${findings.map(finding).join('')}</section>` : ''}
${outcome(result)}
<section id="timeline"><h2>Timeline</h2><div class="chart-box">${renderTimelineChart(result)}</div>
${events.length ? `<ul class="events">${events.map((ev) => `<li><span class="dim">${e(clockUtc(ev.at))}</span> ${e(ev.message)}</li>`).join('')}</ul>` : ''}</section>
<section id="checks"><h2>Checks</h2>${checks}</section>
</main>
<footer>${e(result.tool.name)} ${e(result.tool.version)} · report schema ${e(result.schemaVersion)} · ${e(result.startedAt)}</footer>
</body>
</html>
`;
}

export { render as renderHtml };
