import { render as renderReport } from '../../reporters/html.js';
import type { StoredRun } from '../store/types.js';
import { awaitingPanel } from './awaiting-panel.js';
import { deploymentLink, e, runLink, runState, stateBadge, utc } from './format.js';
import { layout } from './layout.js';
import { WATCH_PANEL_CSS, watchPanel } from './watch-panel.js';

function notice(flash: { done?: string; error?: string }): string {
  if (flash.error) return `<p class="notice error" role="alert">${e(flash.error)}</p>`;
  return flash.done ? `<p class="notice" role="status">${e(flash.done)}</p>` : '';
}

/**
 * `/runs/ID`. A finished run is its report.html, rendered by the report renderer itself, with a
 * bar back to the dashboard. A run still going (or waiting for ops) gets a page of its own that
 * follows it live.
 */
export function runPage(run: StoredRun, o: { needsToken: boolean; now: number; flash: { done?: string; error?: string } }): string {
  if (run.state === 'finished' && run.report) {
    const bar = `<nav style="background:#24292f;color:#fff;padding:8px 14px;font:14px system-ui,sans-serif"><a style="color:#fff" href="/">smokeguard</a> › <a style="color:#fff" href="/deployments/${encodeURIComponent(run.deployment)}">${e(run.deployment)}</a>${run.answer ? ` · ${run.answer.decision === 'approve' ? 'approved' : 'denied'} by ${e(run.answer.by)} on the dashboard` : ''}</nav>${notice(o.flash)}`;
    // A watch's report keeps its series in report.json only: the dashboard shows its strip above it.
    const watched = run.report.watch ? `<div style="max-width:1080px;margin:12px auto;padding:0 14px">${watchPanel({ ...run, watch: run.report.watch }, o.now)}</div>` : '';
    const html = renderReport(run.report).replace('<body>\n', `<body>\n${bar}\n${watched}`);
    return watched ? html.replace('</head>', `<style>${WATCH_PANEL_CSS}</style>
</head>`) : html;
  }
  const body = `<p>${deploymentLink(run.deployment)} › run ${runLink(run.runId)}</p>
<h1>Run ${e(run.runId)} ${stateBadge(run)}</h1>
${notice(o.flash)}
<p class="dim">started ${e(utc(run.startedAt))}${run.revision ? ` · revision <code>${e(run.revision)}</code>` : ''}${run.environment ? ` · ${e(run.environment)}` : ''}</p>
${run.state === 'awaiting' ? awaitingPanel(run, o) : `<p>The ${run.watch ? 'watch' : 'run'} is in progress; this page follows it and shows its report when it ends.</p>`}
${run.watch ? watchPanel({ ...run, watch: run.watch }, o.now) : ''}`;
  return layout({ title: `Run ${run.runId}`, body, live: { url: `/api/v1/runs/${encodeURIComponent(run.runId)}`, state: runState(run) } });
}
