import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/core/types.js';
import { readApproval } from '../../src/rollback/approval-store.js';
import { startDashboard, ServeError } from '../../src/dashboard/serve/start.js';
import { testDashboard, type TestDashboard } from '../helpers/dashboard-app.js';
import { STORE_KINDS } from '../helpers/dashboard-stores.js';
import { criticalRun, HOSTILE, passedRun } from '../helpers/report-fixtures.js';
import { watchProgress } from '../helpers/watch-progress.js';

const TOKEN = 'write-token-4f9a';
const auth = { authorization: `Bearer ${TOKEN}` };

function hostileRun(): RunResult {
  const r = criticalRun();
  return {
    ...r,
    runId: 'run-hostile',
    // Later than the other runs of the fixture: the deployment's latest.
    startedAt: new Date(Date.parse(r.startedAt) + 60_000).toISOString(),
    finishedAt: new Date(Date.parse(r.finishedAt) + 60_000).toISOString(),
    target: { ...r.target, deployment: 'django', environment: 'prod', version: '<b>v2</b>' },
    checks: r.checks.map((c, i) => (i === 1 ? { ...c, name: '<script>alert("xss")</script>', reason: HOSTILE } : c)),
  };
}

describe.each(STORE_KINDS)('dashboard server on %s', (kind) => {
  let d: TestDashboard;
  beforeAll(async () => {
    d = await testDashboard({ writeToken: TOKEN }, kind);
  });
  afterAll(() => d?.close());

  it('/healthz answers with the store kind, and every answer carries the security headers', async () => {
    const res = await d.app.inject({ url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', store: kind });
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  it.each([
    ['no token', {}],
    ['a wrong token', { authorization: 'Bearer nope' }],
    ['a token that only shares a prefix', { authorization: `Bearer ${TOKEN}x` }],
  ])('publishing with %s is refused', async (_name, headers) => {
    const res = await d.app.inject({ method: 'POST', url: '/api/v1/runs', headers, payload: passedRun() });
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toMatch(/write token/);
  });

  it('publishes a report; the same report again is the same run', async () => {
    const report = { ...passedRun(), runId: 'run-pub-1' };
    const first = await d.app.inject({ method: 'POST', url: '/api/v1/runs', headers: auth, payload: report });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toEqual({ runId: 'run-pub-1', url: '/runs/run-pub-1' });
    const again = await d.app.inject({ method: 'POST', url: '/api/v1/runs', headers: auth, payload: report });
    expect(again.statusCode).toBe(200);
    const runs = await d.app.inject({ url: '/api/v1/deployments/django/runs' });
    expect(runs.json().page.total).toBe(1);
  });

  it('"Older runs" pages through runs that started in the same millisecond, none skipped', async () => {
    const r = passedRun();
    for (const id of ['same-ms-1', 'same-ms-2', 'same-ms-3']) {
      const res = await d.app.inject({ method: 'POST', url: '/api/v1/runs', headers: auth, payload: { ...r, runId: id, target: { ...r.target, deployment: 'same-ms' } } });
      expect(res.statusCode).toBe(201);
    }
    const seen: string[] = [];
    let url: string | undefined = '/deployments/same-ms?limit=1';
    for (let i = 0; url && i < 5; i++) {
      const body: string = (await d.app.inject({ url })).body;
      seen.push(...[...body.matchAll(/href="\/runs\/(same-ms-\d)"/g)].map((m) => m[1]!));
      const older = /href="\?(before=[^"]+)">Older runs/.exec(body)?.[1];
      url = older ? `/deployments/same-ms?${older.replace(/&amp;/g, '&')}&limit=1` : undefined;
    }
    expect(seen).toEqual(['same-ms-3', 'same-ms-2', 'same-ms-1']);
  });

  it('rejects a body that is not a report, naming the field', async () => {
    const bad = { ...passedRun(), runId: 'run-bad', verdict: 'fine', checks: [{ name: 'x' }] };
    const res = await d.app.inject({ method: 'POST', url: '/api/v1/runs', headers: auth, payload: bad });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(/^not a smokeguard report: /);
    expect(res.json().error).toMatch(/verdict/);
    expect(res.json().error).toMatch(/checks\[0\]/);
    const notJson = await d.app.inject({ method: 'POST', url: '/api/v1/runs', headers: { ...auth, 'content-type': 'application/json' }, payload: '{"runId":' });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.body).not.toMatch(/at .*\.js/);
  });

  it('caps the body size', async () => {
    const small = await testDashboard({ writeToken: TOKEN, maxReportBytes: 2_000 });
    try {
      const res = await small.app.inject({ method: 'POST', url: '/api/v1/runs', headers: auth, payload: passedRun() });
      expect(res.statusCode).toBe(413);
      expect(res.json().error).toMatch(/larger than 2000 bytes/);
    } finally {
      await small.close();
    }
  });

  it('a run waiting for ops: shown live, answered from the API into the state dir as `smokeguard approve` would', async () => {
    const run = { runId: 'run-wait-1', deployment: 'django', environment: 'prod', startedAt: new Date().toISOString() };
    expect((await d.app.inject({ method: 'POST', url: '/api/v1/runs/run-wait-1/events', headers: auth, payload: { kind: 'started', run } })).statusCode).toBe(202);
    const waiting = await d.app.inject({ method: 'POST', url: '/api/v1/runs/run-wait-1/events', headers: auth, payload: { kind: 'awaiting_confirmation', run, awaiting: { failedChecks: ['readiness'], deadline: new Date(Date.now() + 120_000).toISOString() } } });
    expect(waiting.statusCode).toBe(202);
    expect((await d.app.inject({ url: '/api/v1/awaiting' })).json().runs.map((r: { runId: string }) => r.runId)).toEqual(['run-wait-1']);
    const page = await d.app.inject({ url: '/deployments/django' });
    expect(page.body).toContain('Approve rollback');
    // The page follows its own deployment's waiting runs and watches, not every deployment's.
    expect(page.body).toContain('data-live="/api/v1/deployments/django/live"');
    expect((await d.app.inject({ url: '/api/v1/deployments/django/live' })).json()).toMatchObject({ runs: [{ runId: 'run-wait-1' }], watching: [] });

    expect((await d.app.inject({ method: 'POST', url: '/api/v1/runs/run-wait-1/approve', payload: { by: 'mallory' } })).statusCode).toBe(401);
    const ok = await d.app.inject({ method: 'POST', url: '/api/v1/runs/run-wait-1/approve', headers: auth, payload: { by: 'alice' } });
    expect(ok.statusCode).toBe(200);
    expect(await readApproval(d.stateDir, 'run-wait-1')).toMatchObject({ decision: 'approve', by: 'alice (dashboard)' });
    const twice = await d.app.inject({ method: 'POST', url: '/api/v1/runs/run-wait-1/deny', headers: auth, payload: { by: 'bob' } });
    expect(twice.statusCode).toBe(409);
    expect((await readApproval(d.stateDir, 'run-wait-1'))?.decision).toBe('approve');
  });

  it('a watch\'s progress is taken in report.json\'s `watch` format; a malformed one is refused naming the field', async () => {
    const run = { runId: 'run-watch-1', deployment: 'watched', startedAt: new Date().toISOString() };
    const post = (payload: unknown) => d.app.inject({ method: 'POST', url: '/api/v1/runs/run-watch-1/events', headers: auth, payload: payload as object });
    expect((await post({ kind: 'watching', run, watch: watchProgress(['passed', 'failed']) })).statusCode).toBe(202);
    expect((await d.app.inject({ url: '/api/v1/runs/run-watch-1' })).json()).toMatchObject({ state: 'running', watch: { status: 'running', failedIntervals: 1, intervals: [{ index: 1 }, { index: 2 }] } });
    // A finished watch's `watch` (as report.json holds it) is accepted as is.
    expect((await post({ kind: 'watching', run, watch: watchProgress(['passed', 'failed', 'failed'], 30, { status: 'failed', reason: '2 failed intervals in a row' }) })).statusCode).toBe(202);

    const missing = await post({ kind: 'watching', run });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toMatch(/watch/);
    const bad = watchProgress(['passed']);
    const badOutcome = await post({ kind: 'watching', run, watch: { ...bad, intervals: [{ ...bad.intervals[0], outcome: 'great' }] } });
    expect(badOutcome.statusCode).toBe(400);
    expect(badOutcome.json().error).toMatch(/intervals\/0\/outcome/);
    expect((await post({ kind: 'watching', run, watch: { ...bad, status: 'maybe' } })).statusCode).toBe(400);
    expect((await d.app.inject({ method: 'POST', url: '/api/v1/runs/run-watch-1/events', payload: { kind: 'watching', run, watch: bad } })).statusCode).toBe(401);
    expect((await d.app.inject({ url: '/api/v1/runs/run-watch-1' })).json().watch.status).toBe('failed');
  });

  it('a watch in progress on the run and deployment pages: where it stands, one mark per interval with its p95, followed live', async () => {
    const run = { runId: 'run-watch-2', deployment: 'live-watch', revision: 'v2', startedAt: new Date().toISOString() };
    const post = (watch: unknown) => d.app.inject({ method: 'POST', url: '/api/v1/runs/run-watch-2/events', headers: auth, payload: { kind: 'watching', run, watch } as object });
    const hostile = watchProgress(['passed', 'failed']);
    hostile.intervals[1]!.problems = [{ name: '<script>alert(1)</script>', status: 'failed', reason: HOSTILE }];
    await post(hostile);
    const first = await d.app.inject({ url: '/deployments/live-watch' });
    expect(first.body).toContain('data-live="/api/v1/deployments/live-watch/live"');
    expect(first.body).toContain('watching 2/30 · 1 failed interval');
    expect(first.body).toMatch(/<li class="iv ok" title="interval 1: passed, 2\/2 passed, p95 40 ms"><span class="mark"[^>]*>✓<\/span><span class="p95">40<\/span><\/li><li class="iv bad"[^>]*><span class="mark"[^>]*>✗<\/span><span class="p95">41<\/span>/);
    expect(first.body.match(/class="iv todo"/g)).toHaveLength(28);
    expect(first.body).toContain('<span class="v v-running">watching 2/30</span>');
    expect(first.body).not.toContain('<script>alert');
    expect(first.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const stateOn = (body: string) => /data-state="([^"]*)"/.exec(body)![1];
    expect(stateOn(first.body)).toBe('|run-watch-2:2/30');

    await post(watchProgress(['passed', 'failed', 'failed'], 30, { status: 'failed', reason: '2 failed intervals in a row (consecutive_failures 2)' }));
    const live = (await d.app.inject({ url: '/api/v1/deployments/live-watch/live' })).json();
    expect(live.watching.map((r: { runId: string }) => r.runId)).toEqual(['run-watch-2']);
    // What live.js needs, not the whole series at every poll.
    expect(live.watching[0].watch).toMatchObject({ status: 'failed', plannedIntervals: 30, intervals: [{ index: 3 }] });
    const page = await d.app.inject({ url: '/runs/run-watch-2' });
    expect(page.body).toContain('watch failed at 3/30 · 2 failed intervals');
    expect(page.body).toContain('2 failed intervals in a row (consecutive_failures 2)');
    expect(page.body).toContain('<svg class="trend"');
    // The state live.js compares: a new interval or a new status reloads the page.
    expect(stateOn(page.body)).toBe('running::3/30 failed');
    expect(stateOn((await d.app.inject({ url: '/deployments/live-watch' })).body)).toBe('|run-watch-2:3/30 failed');

    // The report ends it: the run page is the report, the deployment follows nothing.
    const report = { ...passedRun(), runId: 'run-watch-2', target: { ...passedRun().target, deployment: 'live-watch' } };
    expect((await d.app.inject({ method: 'POST', url: '/api/v1/runs', headers: auth, payload: report })).statusCode).toBeLessThan(300);
    expect((await d.app.inject({ url: '/api/v1/deployments/live-watch/live' })).json()).toEqual({ runs: [], watching: [] });
    expect((await d.app.inject({ url: '/deployments/live-watch' })).body).not.toContain('id="watch-run-watch-2"');
  });

  it('the page form without the token answers nothing and says why', async () => {
    const run = { runId: 'run-wait-2', deployment: 'django', startedAt: new Date().toISOString() };
    await d.app.inject({ method: 'POST', url: '/api/v1/runs/run-wait-2/events', headers: auth, payload: { kind: 'awaiting_confirmation', run } });
    const res = await d.app.inject({ method: 'POST', url: '/runs/run-wait-2/deny', payload: 'by=eve&token=wrong', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.statusCode).toBe(303);
    expect(new URL(res.headers.location as string, 'http://x').searchParams.get('error')).toMatch(/a valid write token/);
    expect(await readApproval(d.stateDir, 'run-wait-2')).toBeUndefined();
    const good = await d.app.inject({ method: 'POST', url: '/runs/run-wait-2/deny', payload: `by=carol&token=${TOKEN}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(good.statusCode).toBe(303);
    expect(await readApproval(d.stateDir, 'run-wait-2')).toMatchObject({ decision: 'deny', by: 'carol (dashboard)' });
  });

  it('escapes a hostile check name, reason and revision on every page', async () => {
    await d.app.inject({ method: 'POST', url: '/api/v1/runs', headers: auth, payload: hostileRun() });
    for (const url of ['/', '/deployments/django', '/runs/run-hostile', '/deployments/django/badge.svg']) {
      const res = await d.app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).not.toContain('<script>alert');
      expect(res.body, url).not.toContain('<img src=x');
      expect(res.body, url).not.toContain('<b>v2</b>');
    }
    expect((await d.app.inject({ url: '/runs/run-hostile' })).body).toContain('&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;');
  });

  it('badge and /metrics show the latest verdict under the Pushgateway metric names', async () => {
    const badge = await d.app.inject({ url: '/deployments/django/badge.svg' });
    expect(badge.headers['content-type']).toMatch(/image\/svg\+xml/);
    expect(badge.body).toContain('>critical<');
    const metrics = await d.app.inject({ url: '/metrics' });
    expect(metrics.headers['content-type']).toMatch(/version=0\.0\.4/);
    expect(metrics.body).toMatch(/^smokeguard_run_success\{.*deployment="django".*\} 0$/m);
    expect(metrics.body).toMatch(/^smokeguard_check_duration_seconds\{/m);
    // Both waiting runs were answered: nobody is waiting for ops any more.
    expect(metrics.body).toMatch(/^smokeguard_dashboard_awaiting_confirmation 0$/m);
    expect(metrics.body.match(/^# TYPE smokeguard_run_success /gm)).toHaveLength(1);
  });

  it('unknown deployment and run: 404; a run id that could climb out of a directory: 400', async () => {
    expect((await d.app.inject({ url: '/deployments/nope' })).statusCode).toBe(404);
    expect((await d.app.inject({ url: '/runs/nope' })).statusCode).toBe(404);
    expect((await d.app.inject({ url: '/api/v1/runs/..%2Fetc' })).statusCode).toBe(400);
  });
});

describe('read token', () => {
  let d: TestDashboard;
  beforeAll(async () => {
    d = await testDashboard({ writeToken: TOKEN, readToken: 'read-token-77' });
  });
  afterAll(() => d?.close());

  it('reads need it; /healthz does not; a browser is sent to /login, which sets a cookie', async () => {
    expect((await d.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    expect((await d.app.inject({ url: '/api/v1/deployments' })).statusCode).toBe(401);
    expect((await d.app.inject({ url: '/api/v1/deployments', headers: { authorization: 'Bearer read-token-77' } })).statusCode).toBe(200);
    const browser = await d.app.inject({ url: '/deployments/x', headers: { accept: 'text/html' } });
    expect(browser.statusCode).toBe(302);
    expect(browser.headers.location).toBe('/login?next=%2Fdeployments%2Fx');
    const login = await d.app.inject({ method: 'POST', url: '/login', payload: 'token=read-token-77&next=//evil.example', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(login.statusCode).toBe(303);
    expect(login.headers.location).toBe('/');
    expect(login.headers['set-cookie']).toMatch(/HttpOnly; SameSite=Strict/);
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    expect((await d.app.inject({ url: '/', headers: { cookie } })).statusCode).toBe(200);
  });
});

describe('serve start-up', () => {
  it('refuses to listen beyond loopback without a write token', async () => {
    await expect(startDashboard({ store: 'sqlite::memory:', port: 0, host: '0.0.0.0', retainDays: 90, env: {} })).rejects.toThrow(ServeError);
    await expect(startDashboard({ store: 'sqlite::memory:', port: 0, host: '0.0.0.0', retainDays: 90, env: {} })).rejects.toThrow(/SMOKEGUARD_DASHBOARD_TOKEN/);
  });

  it('binds 127.0.0.1 and answers over a real connection', async () => {
    const dash = await startDashboard({ store: 'sqlite::memory:', port: 0, host: '127.0.0.1', retainDays: 90, env: {} });
    try {
      expect(dash.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${dash.url}/healthz`);
      expect(await res.json()).toEqual({ status: 'ok', store: 'sqlite' });
    } finally {
      await dash.close();
    }
  });
});

describe('an answer that cannot reach the run', () => {
  it('is a 502 naming why, and is withdrawn so the run can still be answered', async () => {
    let reachable = false;
    const d = await testDashboard({
      writeToken: TOKEN,
      answer: async () => {
        if (!reachable) throw new Error('connect ECONNREFUSED 127.0.0.1:6443');
        return 'lease prod/smokeguard-rollback-django';
      },
    });
    try {
      const run = { runId: 'run-unreachable', deployment: 'django', startedAt: new Date().toISOString() };
      await d.app.inject({ method: 'POST', url: '/api/v1/runs/run-unreachable/events', headers: auth, payload: { kind: 'awaiting_confirmation', run, awaiting: { lease: true, deployment: 'django', namespace: 'prod' } } });
      const failed = await d.app.inject({ method: 'POST', url: '/api/v1/runs/run-unreachable/approve', headers: auth, payload: { by: 'alice' } });
      expect(failed.statusCode).toBe(502);
      expect(failed.json().error).toBe('could not reach run run-unreachable: connect ECONNREFUSED 127.0.0.1:6443');
      expect((await d.store.getRun('run-unreachable'))?.answer).toBeUndefined();
      reachable = true;
      const ok = await d.app.inject({ method: 'POST', url: '/api/v1/runs/run-unreachable/approve', headers: auth, payload: { by: 'alice' } });
      expect(ok.json()).toMatchObject({ recordedIn: 'lease prod/smokeguard-rollback-django' });
    } finally {
      await d.close();
    }
  });
});
