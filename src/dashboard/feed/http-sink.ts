import type { RunResult, WatchProgress } from '../../core/types.js';
import type { HttpClient, HttpResponse } from '../../util/http.js';
import type { AwaitingInfo, RunStart } from '../store/types.js';
import type { RunSink } from './sink.js';

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

function startBody(s: RunStart) {
  const run = { ...s, startedAt: iso(s.startedAt)!, deployedAt: iso(s.deployedAt) };
  return Object.fromEntries(Object.entries(run).filter(([, v]) => v !== undefined));
}

/** The dashboard's URL without credentials, query or trailing slash. */
export function dashboardBase(url: string): string {
  const u = new URL(url);
  u.username = '';
  u.password = '';
  u.search = '';
  u.hash = '';
  return u.toString().replace(/\/+$/, '');
}

/** Publishes to `smokeguard serve` over HTTP with the write token (Bearer). */
export function createHttpSink(url: string, token: string | undefined, http: HttpClient): RunSink {
  const base = dashboardBase(url);
  const headers = (json: boolean): Record<string, string> => ({
    accept: 'application/json',
    ...(json ? { 'content-type': 'application/json' } : {}),
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  });
  const expectOk = (res: HttpResponse, what: string) => {
    if (res.status >= 200 && res.status < 300) return;
    let detail = '';
    try {
      detail = (JSON.parse(res.body) as { error?: string }).error ?? '';
    } catch {}
    throw new Error(`${what}: HTTP ${res.status}${detail ? ` (${detail.slice(0, 300)})` : ''}`);
  };
  const post = async (path: string, body: unknown, what: string, signal: AbortSignal) =>
    expectOk(await http.request({ method: 'POST', url: `${base}${path}`, headers: headers(true), body: JSON.stringify(body), signal }), what);
  const runPath = (id: string) => `/api/v1/runs/${encodeURIComponent(id)}`;
  return {
    where: base,
    started: (s, signal) => post(`${runPath(s.runId)}/events`, { kind: 'started', run: startBody(s) }, 'publishing the start', signal),
    awaiting: (s, info: AwaitingInfo, signal) => post(`${runPath(s.runId)}/events`, { kind: 'awaiting_confirmation', run: startBody(s), awaiting: info }, 'publishing the wait for confirmation', signal),
    watching: (s, watch: WatchProgress, signal) => post(`${runPath(s.runId)}/events`, { kind: 'watching', run: startBody(s), watch }, 'publishing the watch\'s progress', signal),
    finished: (report: RunResult, signal) => post('/api/v1/runs', report, 'publishing the report', signal),
    async baseline(deployment, runs, signal) {
      const res = await http.request({ method: 'GET', url: `${base}/api/v1/deployments/${encodeURIComponent(deployment)}/baseline?runs=${runs}`, headers: headers(false), signal });
      expectOk(res, 'reading the baseline');
      return (JSON.parse(res.body) as { checks: Record<string, number[]> }).checks;
    },
    async close() {},
  };
}
