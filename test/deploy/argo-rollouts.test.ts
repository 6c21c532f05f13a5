import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JSONPath } from 'jsonpath-plus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoService, type DemoService } from '../../src/demo/service.js';
import { CLI, PG_URL, runProcess } from '../helpers/cli.js';
import { tempStore, type TempStore } from '../helpers/dashboard-stores.js';
import { startServe, type ServeProcess } from '../helpers/serve-process.js';
import { at, find, render, type Manifest } from './manifests.js';

/**
 * The Argo Rollouts AnalysisTemplates of overlays/argo-rollouts, measured as the controller
 * measures them (no Argo Rollouts runs here): the job provider's container run with the
 * template's args and config — its exit code is the measurement (0 Successful, else Failed) —
 * and the web provider's request, built from the template (URL, method, headers, jsonBody with
 * the args filled in), sent to the real `smokeguard serve --config` with the dashboard overlay's
 * config, its answer read with the template's jsonPath and judged by its successCondition.
 */
let service: DemoService;
let dir: string;
let manifests: Manifest[];
beforeAll(async () => {
  service = await startDemoService();
  dir = await mkdtemp(join(tmpdir(), 'smokeguard-argo-'));
  manifests = await render('overlays/argo-rollouts');
});
afterAll(async () => {
  await service.close();
  await rm(dir, { recursive: true, force: true });
});

/** Argo's `{{args.name}}` substitution. */
function fill(text: string, args: Record<string, string>): string {
  return text.replace(/\{\{args\.([\w-]+)\}\}/g, (_m, name: string) => {
    if (!(name in args)) throw new Error(`no value for args.${name}`);
    return args[name]!;
  });
}

describe('AnalysisTemplate smokeguard-job (job provider)', () => {
  /** The Job's container as the AnalysisRun starts it: exit code, and what it printed. */
  async function measure(): Promise<{ code: number | null; out: string }> {
    const spec = at<{ containers: { args: string[]; volumeMounts: { mountPath: string }[] }[]; automountServiceAccountToken: boolean }>(
      find(manifests, 'AnalysisTemplate', 'smokeguard-job'), 'spec.metrics.0.provider.job.spec.template.spec');
    // Judging needs no Kubernetes API: no token is mounted, and no kubeconfig is given here either.
    expect(spec.automountServiceAccountToken).toBe(false);
    const [c] = spec.containers;
    const mount = c!.volumeMounts[0]!.mountPath;
    await mkdir(join(dir, mount), { recursive: true });
    await writeFile(join(dir, mount, 'smokeguard.yaml'), (find(manifests, 'ConfigMap', 'smokeguard-analysis').data as Record<string, string>)['smokeguard.yaml']!);
    const args = c!.args.map((a) => fill(a, { 'base-url': service.url }).replace(mount, join(dir, mount)));
    // Through runProcess: a Node warning in the container's output fails the test.
    const { code, stdout, stderr } = await runProcess(process.execPath, [CLI, ...args], { cwd: dir, env: { PATH: process.env.PATH, HOME: dir, NO_COLOR: '1', DATABASE_URL: PG_URL } });
    return { code, out: stdout + stderr };
  }

  it('a healthy canary: exit 0, Successful', async () => {
    service.faults.readiness = 'ok';
    const r = await measure();
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('✓ Smoke tests passed');
  }, 30_000);

  it('a canary with only an optional check failing (warning): exit 0, Successful', async () => {
    service.faults.liveness = 'hang';
    const r = await measure();
    service.faults.liveness = 'ok';
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/^- liveness: Timeout .*\(non-critical\)$/m);
  }, 30_000);

  it('a failing canary: exit 1, Failed — and the run itself never rolls back (Argo does)', async () => {
    service.faults.readiness = 'database-down';
    const r = await measure();
    service.faults.readiness = 'ok';
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain('✗ CRITICAL');
    expect(r.out).not.toMatch(/Rolling back|kubeconfig/i);
  }, 30_000);
});

describe('AnalysisTemplate smokeguard-web (web provider) against the real smokeguard serve', () => {
  const TOKEN = 'webhook-token-from-secret';
  let store: TempStore;
  let serve: ServeProcess;
  beforeAll(async () => {
    store = await tempStore('sqlite');
    const config = join(dir, 'serve-smokeguard.yaml');
    await writeFile(config, (find(await render('overlays/dashboard'), 'ConfigMap').data as Record<string, string>)['smokeguard.yaml']!);
    serve = await startServe(['--store', store.url, '--config', config], { SMOKEGUARD_WEBHOOK_TOKEN: TOKEN, DATABASE_URL: PG_URL });
  }, 30_000);
  afterAll(async () => {
    expect(await serve?.stop()).toBe(0);
    await store?.drop();
  });

  /** One measurement, as the web provider takes it: Successful, Failed, or Error (a non-2xx answer). */
  async function measure(): Promise<{ phase: 'Successful' | 'Failed' | 'Error'; result?: unknown }> {
    const template = find(manifests, 'AnalysisTemplate', 'smokeguard-web');
    const metric = at<{ successCondition: string; provider: { web: { method: string; url: string; headers: { key: string; value: string }[]; jsonBody: Record<string, string>; jsonPath: string } } }>(template, 'spec.metrics.0');
    const declared = at<{ name: string; value?: string }[]>(template, 'spec.args');
    // The Rollout passes base-url and deployment; namespace keeps its default; the token comes from the Secret.
    const args: Record<string, string> = { 'base-url': service.url, deployment: 'django', 'webhook-token': TOKEN };
    for (const a of declared) if (a.value !== undefined) args[a.name] ??= a.value;
    const web = metric.provider.web;
    const url = fill(web.url, args).replace('http://monitoring.monitoring.svc.cluster.local:3000', serve.url);
    const body = JSON.stringify(Object.fromEntries(Object.entries(web.jsonBody).map(([k, v]) => [k, fill(v, args)])));
    const res = await fetch(url, { method: web.method, headers: Object.fromEntries(web.headers.map((h) => [h.key, h.value])), body });
    if (res.status < 200 || res.status > 299) return { phase: 'Error' };
    const [result] = JSONPath({ path: web.jsonPath.replace(/^\{(.*)\}$/, '$1'), json: await res.json() as object }) as unknown[];
    return { phase: successCondition(metric.successCondition, result) ? 'Successful' : 'Failed', result };
  }

  it('a healthy canary: 200, verdict passed, Successful', async () => {
    service.faults.readiness = 'ok';
    expect(await measure()).toEqual({ phase: 'Successful', result: 'passed' });
  }, 30_000);

  it('an optional check failing: verdict warning, Successful', async () => {
    service.faults.liveness = 'hang';
    const m = await measure();
    service.faults.liveness = 'ok';
    expect(m).toEqual({ phase: 'Successful', result: 'warning' });
  }, 30_000);

  it('a failing canary: still 200 with the verdict, so the measurement is Failed (a non-2xx would be an Error, not a Failure)', async () => {
    service.faults.readiness = 'database-down';
    const m = await measure();
    service.faults.readiness = 'ok';
    expect(m).toEqual({ phase: 'Failed', result: 'critical' });
  }, 30_000);
});

/**
 * The template's successCondition, for the one form it uses: `result == "a" || result == "b"`.
 * Anything else is refused, so a changed condition cannot pass this test unread.
 */
function successCondition(condition: string, result: unknown): boolean {
  const terms = condition.split('||').map((t) => /^\s*result\s*==\s*"([^"]*)"\s*$/.exec(t));
  if (terms.some((t) => !t)) throw new Error(`successCondition this test cannot read: ${condition}`);
  return terms.some((t) => t![1] === result);
}
