import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { loadConfig } from '../../src/config/load.js';
import { leaseName } from '../../src/rollback/lease.js';
import { NOTIFY_WINDOW_MS } from '../../src/run/stages.js';
import { startK8sSimulator, type RunningSimulator } from '../helpers/k8s-simulator/index.js';
import { KUBECTL } from '../rollback/harness.js';
import { at, find, KUSTOMIZE_ROOT, render, run, type Manifest } from './manifests.js';

/** What the Secret smokeguard-secrets provides in the cluster. */
const SECRETS = { DATABASE_URL: 'postgres://smoke:not-a-real-password@db.prod:5432/app', REDIS_URL: 'redis://cache.prod:6379' };

interface Container { name: string; image: string; args?: string[]; command?: string[]; env?: { name: string }[]; envFrom?: { secretRef?: { name: string } }[] }

/** The verbs the Role grants, as "verb resource.group" strings. */
function grants(role: Manifest): string[] {
  const rules = at<{ apiGroups: string[]; resources: string[]; verbs: string[] }[]>(role, 'rules');
  return rules.flatMap((r) => r.apiGroups.flatMap((g) => r.resources.flatMap((res) => r.verbs.map((v) => `${v} ${res}.${g}`)))).sort();
}

describe('deploy/kubernetes rendered with kubectl kustomize', () => {
  it('base: the post-deploy Job never retries, outlives the run budget, reads its config and secrets, and is cleaned up', async () => {
    const m = await render('base');
    const job = find(m, 'Job', 'smokeguard');
    expect(job.metadata.namespace).toBe('prod');
    expect(at(job, 'spec.backoffLimit')).toBe(0);
    expect(at<number>(job, 'spec.activeDeadlineSeconds')).toBeGreaterThan(300);
    expect(at<number>(job, 'spec.ttlSecondsAfterFinished')).toBeGreaterThan(0);
    expect(at(job, 'spec.template.spec.restartPolicy')).toBe('Never');
    expect(at(job, 'spec.template.spec.serviceAccountName')).toBe('smokeguard');
    const [c] = at<Container[]>(job, 'spec.template.spec.containers');
    expect(c.name).toBe('smoke-tests');
    expect(c.args?.slice(0, 3)).toEqual(['run', '--config', '/etc/smokeguard/smokeguard.yaml']);
    expect(unknownFlags('run', c.args!)).toEqual([]);
    expect(c.envFrom).toEqual([{ secretRef: { name: 'smokeguard-secrets' } }]);
    // The config comes from the generated ConfigMap, under its content-hashed name.
    const cm = find(m, 'ConfigMap');
    expect(cm.metadata.name).toMatch(/^smokeguard-config-[a-z0-9]+$/);
    expect(at(job, 'spec.template.spec.volumes.0.configMap.name')).toBe(cm.metadata.name);
    // …holding the shipped config file, a valid smokeguard config that waits for the rollout.
    const file = join(KUSTOMIZE_ROOT, 'base/smokeguard.yaml');
    expect((cm.data as Record<string, string>)['smokeguard.yaml']).toBe(await readFile(file, 'utf8'));
    const { config } = await loadConfig({ path: file, env: SECRETS });
    expect(config.deployment).toMatchObject({ name: 'django', namespace: 'prod', wait: true });
    // The Job outlives the worst run of that config: its budget (the rollout wait and the ops
    // confirmation fit inside it), a rollback started at its end, then the notifications.
    const worstRunSeconds = config.timeout_seconds + config.auto_rollback.rollback_timeout_seconds + NOTIFY_WINDOW_MS / 1000;
    expect(at<number>(job, 'spec.activeDeadlineSeconds')).toBeGreaterThan(worstRunSeconds);
  });

  it('base: the Role holds exactly the verbs the rollback and the rollout wait need', async () => {
    const m = await render('base');
    expect(grants(find(m, 'Role', 'smokeguard'))).toEqual([
      'create leases.coordination.k8s.io', 'get deployments.apps', 'get leases.coordination.k8s.io', 'get replicasets.apps',
      'list deployments.apps', 'list replicasets.apps', 'patch deployments.apps', 'update leases.coordination.k8s.io',
      'watch deployments.apps', 'watch replicasets.apps',
    ]);
    const binding = find(m, 'RoleBinding', 'smokeguard');
    expect(at(binding, 'roleRef')).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'smokeguard' });
    expect(at(binding, 'subjects')).toEqual([{ kind: 'ServiceAccount', name: 'smokeguard', namespace: 'prod' }]);
  });

  it('helm-hook: the Job is a post-install,post-upgrade hook; the RBAC and config stay release resources', async () => {
    const m = await render('overlays/helm-hook');
    expect(find(m, 'Job').metadata.annotations).toEqual({
      'helm.sh/hook': 'post-install,post-upgrade',
      'helm.sh/hook-weight': '10',
      'helm.sh/hook-delete-policy': 'before-hook-creation',
    });
    for (const kind of ['Role', 'RoleBinding', 'ServiceAccount', 'ConfigMap']) expect(find(m, kind).metadata.annotations ?? {}).toEqual({});
    // The output goes into a chart's templates/: Helm would read any `{{` in it (the config included) as a template action.
    const { stdout } = await run(KUBECTL, ['kustomize', join(KUSTOMIZE_ROOT, 'overlays/helm-hook')]);
    expect(stdout).not.toContain('{{');
  });

  it('argocd-postsync: the Job is a PostSync hook replaced before the next sync', async () => {
    const m = await render('overlays/argocd-postsync');
    expect(find(m, 'Job').metadata.annotations).toEqual({ 'argocd.argoproj.io/hook': 'PostSync', 'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation' });
  });

  it('sidecar: a smoke-tests container beside the app, which waits for the rollout and never fails the pod', async () => {
    const m = await render('overlays/sidecar');
    expect(m.some((x) => x.kind === 'Job')).toBe(false);
    const deploy = find(m, 'Deployment', 'django');
    const containers = at<Container[]>(deploy, 'spec.template.spec.containers');
    expect(containers.map((c) => c.name).sort()).toEqual(['django', 'smoke-tests']);
    const sidecar = containers.find((c) => c.name === 'smoke-tests')!;
    const script = sidecar.args?.[0] ?? '';
    expect(script).toContain('smokeguard run --config /etc/smokeguard/smokeguard.yaml --base-url http://127.0.0.1:8000 --wait-for-rollout');
    // The run's exit code is printed, then the container idles: it never exits, so it never fails or restarts the pod.
    expect(script.trim().split('\n').at(-1)).toMatch(/^exec sleep \d+$/);
    expect(sidecar.command?.slice(0, 3)).toEqual(['tini', '-g', '--']);
    expect(at(deploy, 'spec.template.metadata.annotations')).toEqual({ 'kubectl.kubernetes.io/default-container': 'django' });
    expect(at(deploy, 'spec.template.spec.volumes.0.configMap.name')).toBe(find(m, 'ConfigMap').metadata.name);
  });

  it('dashboard: Service monitoring on port 3000 in namespace monitoring, in front of `smokeguard serve`', async () => {
    const m = await render('overlays/dashboard');
    const svc = find(m, 'Service', 'monitoring');
    expect(svc.metadata.namespace).toBe('monitoring');
    expect(at(svc, 'spec.ports')).toEqual([{ name: 'http', port: 3000, targetPort: 'http' }]);
    const deploy = find(m, 'Deployment', 'monitoring');
    expect(deploy.metadata.namespace).toBe('monitoring');
    const [c] = at<(Container & { ports: { containerPort: number }[] })[]>(deploy, 'spec.template.spec.containers');
    expect(c.args?.slice(0, 5)).toEqual(['serve', '--host', '0.0.0.0', '--port', '3000']);
    expect(c.ports[0].containerPort).toBe(3000);
    expect(at(svc, 'spec.selector')).toEqual(at(deploy, 'spec.selector.matchLabels'));
    expect(find(m, 'Namespace', 'monitoring')).toBeDefined();
  });

  it('dashboard: serve has what the webhooks, the runs and Approve / Deny need to reach it', async () => {
    const m = await render('overlays/dashboard');
    const deploy = find(m, 'Deployment', 'monitoring');
    const spec = at<{ serviceAccountName: string; volumes: { name: string; configMap?: { name: string }; persistentVolumeClaim?: unknown }[] }>(deploy, 'spec.template.spec');
    const [c] = at<(Container & { volumeMounts: { name: string; mountPath: string }[]; env: { name: string; valueFrom?: unknown }[] })[]>(deploy, 'spec.template.spec.containers');
    const arg = (flag: string) => c.args![c.args!.indexOf(flag) + 1];
    const mountOf = (path: string) => c.volumeMounts.find((v) => path.startsWith(`${v.mountPath}/`));
    // Every flag is one `smokeguard serve` knows.
    expect(unknownFlags('serve', c.args!)).toEqual([]);
    // --config: the webhooks' smoke tests, from the generated ConfigMap, a valid config that ends
    // before the Argo web template gives up (timeoutSeconds 120) and never rolls back itself.
    const configVolume = spec.volumes.find((v) => v.name === mountOf(arg('--config'))?.name);
    const cm = find(m, 'ConfigMap');
    expect(configVolume?.configMap?.name).toBe(cm.metadata.name);
    expect(arg('--config')).toBe('/etc/smokeguard/smokeguard.yaml');
    const file = join(KUSTOMIZE_ROOT, 'overlays/dashboard/smokeguard.yaml');
    expect((cm.data as Record<string, string>)['smokeguard.yaml']).toBe(await readFile(file, 'utf8'));
    const { config } = await loadConfig({ path: file, env: SECRETS, baseUrl: 'http://django-canary.prod.svc:8000' });
    expect(config.timeout_seconds).toBeLessThan(60);
    expect(config.auto_rollback.enabled).toBe(false);
    // The root filesystem is read-only: the store and the approval files are on the volume.
    expect(at(c, 'securityContext.readOnlyRootFilesystem')).toBe(true);
    for (const flag of ['--store', '--state-dir']) {
      const mount = mountOf(arg(flag).replace(/^sqlite:/, ''));
      expect(spec.volumes.find((v) => v.name === mount?.name)?.persistentVolumeClaim, flag).toEqual({ claimName: 'monitoring-data' });
    }
    // Tokens: the write token (publish, approve) and the webhooks' ?token=, from the Secret.
    expect(c.env.filter((e) => e.name.startsWith('SMOKEGUARD_'))).toEqual([
      { name: 'SMOKEGUARD_DASHBOARD_TOKEN', valueFrom: { secretKeyRef: { name: 'smokeguard-dashboard', key: 'token' } } },
      { name: 'SMOKEGUARD_WEBHOOK_TOKEN', valueFrom: { secretKeyRef: { name: 'smokeguard-dashboard', key: 'webhook-token' } } },
    ]);
    // Approve / Deny reach a run in a Job through its rollback Lease in the app namespace: exactly that Lease.
    expect(spec.serviceAccountName).toBe(find(m, 'ServiceAccount', 'smokeguard-dashboard').metadata.name);
    const role = find(m, 'Role', 'smokeguard-dashboard-approvals');
    expect(role.metadata.namespace).toBe('prod');
    expect(at(role, 'rules')).toEqual([{ apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: [leaseName('django')], verbs: ['get', 'update'] }]);
    const binding = find(m, 'RoleBinding', 'smokeguard-dashboard-approvals');
    expect(binding.metadata.namespace).toBe('prod');
    expect(at(binding, 'subjects')).toEqual([{ kind: 'ServiceAccount', name: 'smokeguard-dashboard', namespace: 'monitoring' }]);
  });

  it('argo-rollouts: a job-provider template (exit code decides) and a web-provider template judged on the JSON verdict', async () => {
    const m = await render('overlays/argo-rollouts');
    const job = find(m, 'AnalysisTemplate', 'smokeguard-job');
    const jobMetric = at<Record<string, unknown>>(job, 'spec.metrics.0');
    expect(jobMetric.successCondition).toBeUndefined(); // the job provider judges by the Job's outcome
    expect(at(jobMetric, 'provider.job.spec.backoffLimit')).toBe(0);
    expect(at<Container[]>(jobMetric, 'provider.job.spec.template.spec.containers')[0].args).toContain('{{args.base-url}}');
    const web = at<Record<string, unknown>>(find(m, 'AnalysisTemplate', 'smokeguard-web'), 'spec.metrics.0');
    expect(web.successCondition).toBe('result == "passed" || result == "warning"');
    expect(at(web, 'provider.web.jsonPath')).toBe('{$.verdict}');
    // The dashboard's /api/v1/analysis, with serve's webhook token as ?token= (from a Secret in the Rollout's namespace).
    expect(at(web, 'provider.web.url')).toBe('http://monitoring.monitoring.svc.cluster.local:3000/api/v1/analysis?token={{args.webhook-token}}');
    expect(at<unknown[]>(find(m, 'AnalysisTemplate', 'smokeguard-web'), 'spec.args')).toContainEqual({ name: 'webhook-token', valueFrom: { secretKeyRef: { name: 'smokeguard-webhook', key: 'token' } } });
    expect(unknownFlags('run', at<Container[]>(jobMetric, 'provider.job.spec.template.spec.containers')[0].args!)).toEqual([]);
    const file = join(KUSTOMIZE_ROOT, 'overlays/argo-rollouts/smokeguard.yaml');
    expect((find(m, 'ConfigMap', 'smokeguard-analysis').data as Record<string, string>)['smokeguard.yaml']).toBe(await readFile(file, 'utf8'));
    // The base URL is the template's argument, passed as --base-url.
    const { config } = await loadConfig({ path: file, env: SECRETS, baseUrl: 'http://django-canary.prod.svc:8000' });
    expect(config.auto_rollback.enabled).toBe(false);
  });
});

describe('deploy/kubernetes applied with the real kubectl to the API simulator', () => {
  let s: RunningSimulator;
  const kubectl = (...args: string[]) => run(KUBECTL, ['--kubeconfig', s.kubeconfig, ...args], { timeout: 30_000 });
  beforeAll(async () => {
    s = await startK8sSimulator({ argoRollouts: true });
  });
  afterAll(() => s.stop());

  it.each([
    ['base', ['serviceaccount/smokeguard', 'role.rbac.authorization.k8s.io/smokeguard', 'rolebinding.rbac.authorization.k8s.io/smokeguard', 'job.batch/smokeguard']],
    ['overlays/dashboard', ['namespace/monitoring', 'serviceaccount/smokeguard-dashboard', 'role.rbac.authorization.k8s.io/smokeguard-dashboard-approvals', 'rolebinding.rbac.authorization.k8s.io/smokeguard-dashboard-approvals', 'service/monitoring', 'persistentvolumeclaim/monitoring-data', 'deployment.apps/monitoring']],
    ['overlays/argo-rollouts', ['configmap/smokeguard-analysis', 'analysistemplate.argoproj.io/smokeguard-job', 'analysistemplate.argoproj.io/smokeguard-web']],
    ['overlays/sidecar', ['deployment.apps/django']],
  ])('kubectl apply -k %s is accepted, and a second apply changes nothing', async (dir, expected) => {
    const first = await kubectl('apply', '-k', join(KUSTOMIZE_ROOT, dir));
    for (const name of expected) expect(first.stdout).toMatch(new RegExp(`^${name.replace(/\./g, '\\.')} (created|unchanged)$`, 'm'));
    const second = await kubectl('apply', '-k', join(KUSTOMIZE_ROOT, dir));
    expect(second.stdout.split('\n').filter(Boolean).every((l) => l.endsWith(' unchanged'))).toBe(true);
  });

  it('the dashboard is reachable as the seed says: svc/monitoring port 3000 in namespace monitoring', async () => {
    await kubectl('apply', '-k', join(KUSTOMIZE_ROOT, 'overlays/dashboard'));
    const { stdout } = await kubectl('get', 'svc', 'monitoring', '-n', 'monitoring', '-o', 'jsonpath={.spec.ports[0].port}');
    expect(stdout).toBe('3000');
  });

  it('the hook variants (Helm, Argo CD) apply over the base Job as their hook policies expect; a changed pod template is refused as on a real cluster', async () => {
    await kubectl('apply', '-k', join(KUSTOMIZE_ROOT, 'base'));
    const hook = await kubectl('apply', '-k', join(KUSTOMIZE_ROOT, 'overlays/helm-hook'));
    expect(hook.stdout).toMatch(/^job\.batch\/smokeguard configured$/m);
    const { stdout } = await kubectl('get', 'job', 'smokeguard', '-n', 'prod', '-o', 'jsonpath={.metadata.annotations.helm\\.sh/hook}');
    expect(stdout).toBe('post-install,post-upgrade');
    const postSync = await kubectl('apply', '-k', join(KUSTOMIZE_ROOT, 'overlays/argocd-postsync'));
    expect(postSync.stdout).toMatch(/^job\.batch\/smokeguard configured$/m);
    const argo = await kubectl('get', 'job', 'smokeguard', '-n', 'prod', '-o', 'jsonpath={.metadata.annotations.argocd\\.argoproj\\.io/hook}');
    expect(argo.stdout).toBe('PostSync');
    // A Job's template is immutable: why the hooks delete the previous Job before creating the next.
    const manifest = (await run(KUBECTL, ['kustomize', join(KUSTOMIZE_ROOT, 'base')])).stdout.replace('ghcr.io/smokeguard/smokeguard:0.1.0', 'ghcr.io/smokeguard/smokeguard:0.2.0');
    const refused = await kubectlStdin(s.kubeconfig, ['apply', '-f', '-'], manifest);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('spec.template: Invalid value: field is immutable');
  });

  it('a manifest the API server would refuse is refused: a wrong type in the Job', async () => {
    const base = await readFile(join(KUSTOMIZE_ROOT, 'base/job.yaml'), 'utf8');
    const broken = base.replace('name: smokeguard\nspec:', 'name: smokeguard-broken\n  namespace: prod\nspec:').replace('backoffLimit: 0', 'backoffLimit: "none"');
    const err = await kubectlStdin(s.kubeconfig, ['apply', '-f', '-'], broken);
    expect(err.code).not.toBe(0);
    expect(err.stderr).toContain('Job in version "v1" cannot be handled as a Job: spec.backoffLimit: must be integer');
    expect(s.sim.cluster.get('jobs', 'prod', 'smokeguard-broken')).toBeUndefined();
  });
});

/** The `--flags` in a container's args that the real CLI's `command` does not define. */
function unknownFlags(command: string, args: readonly string[]): string[] {
  const program = buildProgram({ stdout: process.stdout, stderr: process.stderr, env: {} }, () => {});
  const cmd = program.commands.find((c) => c.name() === command);
  if (!cmd) throw new Error(`no command ${command}`);
  const known = new Set(cmd.options.flatMap((o) => [o.long, o.short]).filter(Boolean));
  return args.filter((a) => a.startsWith('-')).map((a) => a.split('=')[0]!).filter((flag) => !known.has(flag));
}

/** kubectl with a manifest on stdin; resolves with its stderr whatever the exit code. */
function kubectlStdin(kubeconfig: string, args: string[], input: string): Promise<{ stderr: string; code: number }> {
  return new Promise((resolve) => {
    const child = execFile(KUBECTL, ['--kubeconfig', kubeconfig, ...args], { timeout: 30_000 }, (err, _stdout, stderr) =>
      resolve({ stderr, code: err ? Number((err as { code?: number }).code ?? 1) : 0 }));
    child.stdin?.end(input);
  });
}
