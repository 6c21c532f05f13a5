// `npm run bench:first-page`: how soon ops hear of a rollback decision (issue 8), through the built
// CLI as deployed. A local target whose one required check fails (the demo service, readiness
// "database-down"), the Kubernetes API simulator the tests use (prod/django, v1.21.8 → v1.22.0), and
// the Slack simulator (Web API, bot token) recording when each message arrived. Measured per run:
// the decision's time as the run itself recorded it (report.json, timeline event `decision`) to the
// arrival of the first Slack message, in both paths that page before acting:
//   confirmation — 1 critical failure, requires_ops_confirmation: the `rollback_awaiting_confirmation`
//                  question (nobody answers; the 1 s confirmation timeout ends the run)
//   immediate    — immediate_rollback_threshold 1: `critical` + rollback starting, then the rollback
// The tests assert the order (page before the wait, before the patch); this measures the figure
// they may not (no timed assertions in tests). Most of it is loading @kubernetes/client-node, which
// starts at the first critical failure, before the Deployment's images can be read for the message.
// Prints medians and maxima against the goal (≤ 1 s); asserts nothing.
// Usage: npm run bench:first-page [-- runs-per-mode [cli]]   (default 11, modes alternating, one warm-up
// each; cli: another build's dist/bundle/smokeguard.cjs, to compare builds under the same load)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { median } from './measure.mjs';

const runs = Number(process.argv[2] ?? 11);
if (!Number.isInteger(runs) || runs < 1 || runs > 200) throw new Error(`runs per mode: expected an integer 1–200, got ${process.argv[2]}`);
const GOAL_MS = 1000;
const GOOD = 'django:v1.21.8-stable';
const BAD = 'django:v1.22.0-context-api';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = process.argv[3] ? resolve(process.argv[3]) : join(root, JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).bin.smokeguard);
const work = mkdtempSync(join(tmpdir(), 'smokeguard-first-page-'));

// The simulators are TypeScript test helpers: bundled once with the esbuild the build already uses,
// and run in this process (the CLI runs in its own). Their packages (kubernetes-models, the
// simulator's schema validation) stay external, found from node_modules/.cache like any module.
const cacheDir = join(root, 'node_modules/.cache/smokeguard-bench');
const simulators = join(cacheDir, 'first-page-simulators.mjs');
await build({
  stdin: {
    contents: [
      "export { startK8sSimulator } from './test/helpers/k8s-simulator/index.ts';",
      "export { startSlackSimulator } from './test/helpers/simulators/slack.ts';",
    ].join('\n'),
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  outfile: simulators,
  logLevel: 'error',
});
const { startK8sSimulator, startSlackSimulator } = await import(simulators);
const { startDemoService } = await import(new URL('../dist/demo/service.js', import.meta.url).href);

const service = await startDemoService({ host: '127.0.0.1' });
const slack = await startSlackSimulator();

const modes = {
  confirmation: { expected: 'awaiting_confirmation', page: 'awaiting_confirmation:rollback_awaiting_confirmation', auto_rollback: { requires_ops_confirmation: true, confirmation_timeout_seconds: 1 } },
  immediate: { expected: 'immediate', page: 'before_rollback:critical', auto_rollback: { immediate_rollback_threshold: 1 } },
};

/** One CLI run in `mode` against fresh simulator state; returns decision → first page, and more. */
async function sample(mode) {
  const dir = mkdtempSync(join(work, `${mode}-`));
  const k8s = await startK8sSimulator({ tickMs: 20 });
  k8s.sim.cluster.seedDeployment({ namespace: 'prod', name: 'django', replicas: 3, revisions: [{ django: GOOD }, { django: BAD }] });
  service.faults.readiness = 'database-down';
  // The demo service stands for the pods: healthy again once the previous image is live.
  const heal = setInterval(() => {
    const d = k8s.sim.cluster.get('deployments', 'prod', 'django');
    if (d?.spec.template.spec.containers[0].image === GOOD) service.faults.readiness = 'ok';
  }, 20);
  const before = slack.posted.length;
  const config = join(dir, 'smokeguard.json');
  writeFileSync(config, JSON.stringify({
    base_url: service.url,
    health_checks: [{ name: 'readiness', endpoint: '/health/ready', expected_status: 200, timeout_seconds: 5, required: true }],
    deployment: { name: 'django', namespace: 'prod', kubeconfig: k8s.kubeconfig },
    auto_rollback: { enabled: true, critical_failure_threshold: 1, rollback_timeout_seconds: 10, ...modes[mode].auto_rollback },
    notifications: { channels: { 'slack-ops': { type: 'slack', token: slack.bot.token, channel: 'C0OPS', api_url: slack.apiUrl } } },
  }));
  try {
    // As `env -i PATH=$PATH HOME=$HOME smokeguard run …`: no NODE_EXTRA_CA_CERTS or NODE_OPTIONS of ours.
    const child = spawn(process.execPath, [cli, 'run', '--config', config, '--report-dir', dir, '--state-dir', dir], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    const kill = setTimeout(() => child.kill('SIGKILL'), 60_000); // bounded: a stuck run is a failed sample
    const [code] = await once(child, 'exit');
    clearTimeout(kill);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    const page = slack.posted[before];
    const first = report.notifications?.[0];
    const sent = first && `${first.phase}:${first.event}`;
    // Only the page this benchmark is about counts: any other first message is a broken run, not a sample.
    if (report.decision?.mode !== modes[mode].expected || !page || sent !== modes[mode].page) {
      throw new Error(`${mode} run: decision ${report.decision?.mode ?? 'none'}, first notification ${sent ?? 'none'}, ${slack.posted.length - before} Slack messages, exit ${code}:\n${output}`);
    }
    const at = (kind, prefix = '') => Date.parse(report.timeline.find((e) => e.kind === kind && e.message.startsWith(prefix))?.at ?? '');
    const decided = at('decision');
    return {
      ms: page.arrived.at - decided,
      // From the first critical failure (when the Kubernetes client starts loading) to the decision.
      failureToDecisionMs: decided - at('failures_detected'),
      sent,
    };
  } finally {
    clearInterval(heal);
    await k8s.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
console.log(`decision → first page to ops — Node ${process.version}, ${runs} runs per mode (alternating, after one warm-up each), whole CLI processes (${cli})`);
console.log(`  load average at start: ${load()} (${availableParallelism()} CPUs)`);
const samples = { confirmation: [], immediate: [] };
const firstPages = {};
try {
  for (const mode of Object.keys(modes)) firstPages[mode] = (await sample(mode)).sent; // warm-up (page cache)
  for (let i = 0; i < runs; i++) {
    for (const mode of i % 2 ? ['immediate', 'confirmation'] : ['confirmation', 'immediate']) samples[mode].push(await sample(mode));
  }
} finally {
  await Promise.all([service.close(), slack.close()]);
  rmSync(work, { recursive: true, force: true });
}

const row = (label, value, goal, ok) => console.log(`  ${label.padEnd(44)} ${value.padEnd(34)} goal ${goal} ${ok ? '✓' : '✗'}`);
for (const [mode, list] of Object.entries(samples)) {
  const ms = list.map((s) => s.ms);
  const [med, max] = [median(ms), Math.max(...ms)];
  row(`decision → first page (${mode})`, `median ${med.toFixed(0)} ms, max ${max.toFixed(0)} ms`, `≤ ${GOAL_MS / 1000} s`, max <= GOAL_MS);
  console.log(`    first page ${firstPages[mode]}; all (ms): ${ms.join(' ')}; first critical failure → decision: median ${median(list.map((s) => s.failureToDecisionMs)).toFixed(0)} ms`);
}
console.log(`  load average at end: ${load()}`);
