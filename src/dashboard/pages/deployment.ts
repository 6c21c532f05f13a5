import { duration } from '../../reporters/format.js';
import { renderTimelineChart } from '../../reporters/timeline-chart.js';
import type { DeploymentView } from '../history/deployment-view.js';
import { awaitingPanel } from './awaiting-panel.js';
import { ago, awaitingState, e, runLink, stateBadge, utc } from './format.js';
import { layout } from './layout.js';
import { trendChart } from './trend-chart.js';
import { watchPanel } from './watch-panel.js';

function trends(v: DeploymentView): string {
  if (!v.trends.length) return '';
  const rows = v.trends.map((t) => {
    const slow = t.goodMedianMs !== undefined && t.latestMs !== undefined && t.latestMs > t.goodMedianMs * 2 && t.latestMs - t.goodMedianMs > 100;
    return `<tr><td class="name">${e(t.name)}</td><td>${trendChart(t)}</td><td${slow ? ' class="warn"' : ''}>${t.latestMs !== undefined ? e(duration(t.latestMs)) : '–'}</td><td class="dim">${t.goodMedianMs !== undefined ? e(duration(t.goodMedianMs)) : '–'}</td></tr>`;
  }).join('');
  return `<h2>Check durations</h2><p class="dim">Last ${e(Math.max(...v.trends.map((t) => t.points.length)))} runs; dashed: median of the good runs; red: failed.</p>
<table><thead><tr><th>Check</th><th>Trend</th><th>Latest</th><th>Good median</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function flaky(v: DeploymentView): string {
  if (!v.flaky.length) return '';
  return `<h2>Flaky checks</h2><div class="card"><ul>${v.flaky.map((f) => `<li><span class="name">${e(f.name)}</span>: ${e(f.why)}</li>`).join('')}</ul></div>`;
}

function tls(v: DeploymentView): string {
  if (!v.tls.length) return '';
  return `<h2>TLS certificates</h2><div class="card"><ul>${v.tls.map((t) => `<li><span class="name">${e(t.check)}</span>: <span class="${t.daysLeft < 14 ? 'bad' : t.daysLeft < 30 ? 'warn' : ''}">${t.daysLeft < 0 ? 'expired' : `${e(t.daysLeft)} days left`}</span> <span class="dim">(until ${e(t.validTo.slice(0, 10))})</span></li>`).join('')}</ul></div>`;
}

function history(v: DeploymentView, now: number): string {
  const rows = v.page.runs.map((r) => `<tr>
<td>${runLink(r.runId, utc(r.startedAt))}<div class="dim">${e(ago(r.startedAt, now))}</div></td>
<td>${stateBadge(r)}</td>
<td>${r.revision ? `<code>${e(r.revision)}</code>` : '–'}</td>
<td>${r.failedChecks.length ? e(r.failedChecks.join(', ')) : '–'}</td>
<td>${r.rollbackStatus ? e(r.rollbackStatus.replace(/_/g, ' ')) : '–'}</td>
<td class="hide-phone">${r.confirmedBy ? e(r.confirmedBy) : r.answer ? e(r.answer.by) : '–'}</td>
</tr>`).join('');
  const older = v.page.nextBefore !== undefined
    ? `<a href="?before=${e(v.page.nextBefore)}${v.page.nextBeforeId !== undefined ? `&amp;before_id=${e(encodeURIComponent(v.page.nextBeforeId))}` : ''}">Older runs →</a>`
    : '';
  return `<h2>Runs <span class="dim">(${e(v.page.total)})</span></h2>
<table><thead><tr><th>When</th><th>Verdict</th><th>Revision</th><th>Failed checks</th><th>Rollback</th><th class="hide-phone">Confirmed by</th></tr></thead><tbody>${rows}</tbody></table>
<nav class="pages">${older}</nav>`;
}

/** `/deployments/NAME`: the seed's page. History, trends, flaky checks, TLS, the latest timeline. */
export function deploymentPage(v: DeploymentView, o: { needsToken: boolean; now: number }): string {
  const latest = v.latest;
  const timeline = latest ? `<h2>Latest run's timeline</h2><div class="chart-box">${renderTimelineChart(latest)}</div>` : '';
  const head = v.page.runs[0];
  const body = `<h1>${e(v.deployment)} ${head ? stateBadge(head) : ''}</h1>
${head ? `<p class="dim">${head.environment ? `${e(head.environment)} · ` : ''}${head.namespace ? `namespace ${e(head.namespace)} · ` : ''}last run ${e(ago(head.startedAt, o.now))} · <a href="/deployments/${encodeURIComponent(v.deployment)}/badge.svg">badge</a></p>` : ''}
${v.awaiting.map((r) => awaitingPanel(r, o)).join('')}
${v.watching.map((r) => (r.watch ? watchPanel({ ...r, watch: r.watch }, o.now) : '')).join('')}
${timeline}${tls(v)}${flaky(v)}${trends(v)}${history(v, o.now)}`;
  return layout({ title: v.deployment, body, live: { url: `/api/v1/deployments/${encodeURIComponent(v.deployment)}/live`, state: awaitingState(v.awaiting, v.watching) } });
}
