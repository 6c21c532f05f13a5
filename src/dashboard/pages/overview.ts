import type { DeploymentOverview, RunSummary } from '../store/types.js';
import { awaitingPanel } from './awaiting-panel.js';
import { ago, awaitingState, deploymentLink, e, runLink, stateBadge, utc } from './format.js';
import { layout } from './layout.js';

function card(d: DeploymentOverview, now: number): string {
  const shown = d.lastFinished ?? d.latest;
  const fresh = d.unsmokedDeployAt !== undefined
    ? `<p class="warn">No smoke run since deploy at ${e(utc(d.unsmokedDeployAt))}${d.latest.state !== 'finished' ? ` (run ${runLink(d.latest.runId)} is ${e(d.latest.state)})` : ''}</p>`
    : '';
  return `<article class="card deployment" data-deployment="${e(d.deployment)}">
<div class="name">${deploymentLink(d.deployment)} ${stateBadge(shown)}</div>
<div class="dim">${shown.revision ? `revision <code>${e(shown.revision)}</code> · ` : ''}${runLink(shown.runId, ago(shown.startedAt, now))}${shown.failedChecks.length ? ` · failing: ${e(shown.failedChecks.join(', '))}` : ''}</div>
${fresh}
<div class="dim">${e(d.runs)} runs · ${d.rollbacks24h ? `<span class="bad">${e(d.rollbacks24h)} rollback${d.rollbacks24h > 1 ? 's' : ''} in 24 h</span>` : 'no rollback in 24 h'}${d.recentFailures ? ` · <span class="warn">${e(d.recentFailures)} failing run${d.recentFailures > 1 ? 's' : ''} in 7 d</span>` : ''}</div>
</article>`;
}

/** `/`: every deployment by environment, newest verdict first in mind; `?filter=unstable` keeps those with recent failures. */
export function overviewPage(all: DeploymentOverview[], awaiting: RunSummary[], o: { unstableOnly: boolean; needsToken: boolean; now: number }): string {
  const shown = o.unstableOnly ? all.filter((d) => d.recentFailures > 0 || (d.lastFinished ?? d.latest).verdict === 'critical') : all;
  const envs = new Map<string, DeploymentOverview[]>();
  for (const d of shown) {
    const env = (d.lastFinished ?? d.latest).environment ?? 'no environment';
    envs.set(env, [...(envs.get(env) ?? []), d]);
  }
  const groups = [...envs].sort(([a], [b]) => a.localeCompare(b))
    .map(([env, list]) => `<h2>${e(env)}</h2><div class="grid">${list.map((d) => card(d, o.now)).join('')}</div>`).join('');
  const filters = `<p class="filters"><a href="/"${o.unstableOnly ? '' : ' aria-current="page"'}>All (${e(all.length)})</a><a href="/?filter=unstable"${o.unstableOnly ? ' aria-current="page"' : ''}>Unstable</a></p>`;
  const body = `<h1>Deployments</h1>
${awaiting.map((r) => awaitingPanel(r, o)).join('')}
${filters}
${groups || `<p class="dim">${all.length ? 'No unstable deployment.' : 'No run published yet. Point a run at this dashboard: <code>SMOKEGUARD_DASHBOARD_URL=http://localhost:3000 smokeguard run</code>'}</p>`}`;
  return layout({ title: 'Deployments', body, live: { url: '/api/v1/awaiting', state: awaitingState(awaiting) } });
}
