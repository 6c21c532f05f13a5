import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDemoService, type DemoService } from '../../src/demo/service.js';
import type { NotificationOutcome } from '../../src/notifiers/types.js';
import type { RollbackOutcome } from '../../src/rollback/types.js';
import { run } from '../../src/run/pipeline.js';
import { CLI, runProcess } from '../helpers/cli.js';
import { startK8sSimulator, type RunningSimulator } from '../helpers/k8s-simulator/index.js';
import { startPagerDutySimulator } from '../helpers/simulators/pagerduty.js';
import { startSlackSimulator } from '../helpers/simulators/slack.js';
import { startSmtpServer } from '../helpers/simulators/smtp.js';
import { BAD, GOOD, liveImage, seedDjango } from '../rollback/harness.js';
import { expectValidReport } from '../helpers/report-json.js';
import { smokeConfig } from './fixtures.js';

/**
 * Ops in the loop, through the whole run: the demo service fails, the rollback acts on the
 * Kubernetes API simulator, and Slack (bot token), PagerDuty and a real SMTP server record when
 * each message arrived. Order is asserted with the simulators' shared arrival sequence (not the
 * machine's speed): ops hear before the wait starts, and before any patch.
 */

let service: DemoService;
let k8s: RunningSimulator;
let slack: Awaited<ReturnType<typeof startSlackSimulator>>;
let pd: Awaited<ReturnType<typeof startPagerDutySimulator>>;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let heal: NodeJS.Timeout | undefined;

beforeEach(async () => {
  [service, k8s, slack, pd, smtp] = await Promise.all([
    startDemoService({ faults: { readiness: 'database-down' } }),
    startK8sSimulator({ tickMs: 20 }),
    startSlackSimulator(),
    startPagerDutySimulator(),
    startSmtpServer({ user: 'u', password: 'smtp-password-1' }),
  ]);
  seedDjango(k8s);
  // The demo service stands for the pods: healthy again once the previous image is live.
  heal = setInterval(() => {
    if (liveImage(k8s) === GOOD) service.faults.readiness = 'ok';
  }, 20);
});
afterEach(async () => {
  clearInterval(heal);
  await Promise.all([service.close(), k8s.stop(), slack.close(), pd.close(), smtp.close()]);
});

function config(extra: Record<string, unknown> = {}) {
  return smokeConfig({
    base_url: service.url,
    health_checks: [{ name: 'readiness', endpoint: '/health/ready', expected_status: 200, timeout_seconds: 5, required: true }],
    deployment: { name: 'django', namespace: 'prod', kubeconfig: k8s.kubeconfig },
    auto_rollback: { enabled: true, critical_failure_threshold: 1, requires_ops_confirmation: true, confirmation_timeout_seconds: 30, rollback_timeout_seconds: 10 },
    notifications: {
      channels: {
        'slack-ops': { type: 'slack', token: slack.bot.token, channel: 'C0OPS', api_url: slack.apiUrl },
        pd: { type: 'pagerduty', routing_key: 'k'.repeat(32), url: pd.enqueueUrl },
        'email-on-call': { type: 'email', host: '127.0.0.1', port: smtp.port, tls: 'starttls', insecure_tls: true, username: 'u', password: 'smtp-password-1', from: 'sg@example.test', to: 'oncall@example.test' },
      },
    },
    ...extra,
  });
}

async function until(cond: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Runs a line through a shell, as ops paste it: `smokeguard` is the built CLI on PATH. */
async function shell(line: string, env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const bin = await mkdtemp(join(tmpdir(), 'smokeguard-bin-'));
  await writeFile(join(bin, 'smokeguard'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  await chmod(join(bin, 'smokeguard'), 0o755);
  const { code, stdout, stderr } = await runProcess('sh', ['-c', line], { env: { PATH: `${bin}:${process.env.PATH}`, HOME: process.env.HOME, ...env } });
  return { code, out: stdout + stderr };
}

const firstPatch = () => k8s.sim.requests.find((r) => r.method === 'PATCH' && r.path.includes('/deployments/'));
const phases = (list: unknown) => (list as NotificationOutcome[]).map((n) => `${n.channel}:${n.phase}:${n.event}:${n.status}`);

describe('ops in the loop', () => {
  it('awaiting confirmation: every channel is asked before the wait starts, the approve command works as written, the outcome follows up in the thread', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'smokeguard-state-'));
    // The hook a dashboard uses: called at the same moment, with the same commands.
    const hooked: string[] = [];
    const pending = run(config(), { runId: 'ops-loop-1', stateDir, env: {}, onAwaitingConfirmation: (p) => void hooked.push(p.confirmation?.approveCommand ?? '') });
    await until(() => slack.posted.length >= 1);

    const question = slack.posted[0];
    const text = String(question.payload.text);
    expect(text).toContain(`Rollback awaiting ops confirmation to ${GOOD}: answer within `);
    expect(text).toMatch(/answer within \d+ s, else: no rollback\./);
    expect(text).toContain('readiness (health, critical)');
    expect(text).toContain(`Rollback: awaiting_confirmation (${BAD} → ${GOOD})`);
    // The findings' own roll-back step names the version ops are asked about, not a placeholder.
    expect(text).toContain(`roll back: kubectl set image deployment/django django=${GOOD} -n prod`);
    expect(text).not.toContain('<previous-image>');
    // The commands in a code block, exactly as ops type them.
    const block = JSON.stringify(question.payload.blocks);
    const approve = 'smokeguard approve ops-loop-1 --deployment django --namespace prod';
    expect(block).toContain('```' + approve + '\\nsmokeguard deny ops-loop-1 --deployment django --namespace prod```');
    // Answered as written, from another shell with the approver's own kubeconfig.
    expect(hooked).toEqual([approve]);
    const answered = await shell(approve, { KUBECONFIG: k8s.kubeconfig, USER: 'alice' });
    expect(answered).toMatchObject({ code: 0 });
    expect(answered.out).toContain('Approved the rollback of run ops-loop-1 as alice');

    const result = await pending;
    const rollback = result.rollback as RollbackOutcome;
    expect(rollback).toMatchObject({ status: 'succeeded', confirmation: { method: 'approve_command', by: 'alice', awaiting: { approveCommand: approve } } });
    expect(liveImage(k8s)).toBe(GOOD);

    // Order: every channel's question arrived before the wait started, and before the patch.
    const waitStarted = Date.parse(result.timeline.find((e) => e.message.startsWith('Waiting for ops confirmation'))?.at ?? '');
    const patch = firstPatch();
    for (const arrived of [question.arrived, pd.arrivals[0], smtp.messages[0].arrived]) {
      expect(arrived.at).toBeLessThanOrEqual(waitStarted);
      expect(arrived.seq).toBeLessThan(patch?.arrived.seq ?? 0);
    }
    // Every new field (phases, threads, confirmation.awaiting) is in report.json's published schema.
    expectValidReport(JSON.parse(JSON.stringify(result)));

    // Slack: the outcome is a reply in the question's thread.
    expect(slack.posted).toHaveLength(2);
    expect(slack.posted[1]).toMatchObject({ threadTs: question.ts, replyBroadcast: false });
    expect(String(slack.posted[1].payload.text)).toContain(`Automatic rollback complete to ${GOOD}`);
    // PagerDuty: a trigger with the commands, then the follow-up under the same dedup key: one incident.
    expect(pd.events).toHaveLength(2);
    expect(pd.events[0]).toMatchObject({ event_action: 'trigger', payload: { custom_details: { approve_command: approve, current_image: BAD, target_image: GOOD } } });
    expect(pd.events[1].dedup_key).toBe(pd.events[0].dedup_key);
    expect(pd.incidents.size).toBe(1);
    // E-mail: the follow-up answers the first mail.
    expect(smtp.messages).toHaveLength(2);
    expect(smtp.messages[0].parsed.text).toContain(approve);
    expect(smtp.messages[1].parsed.inReplyTo).toBe(smtp.messages[0].parsed.messageId);
    expect(smtp.messages[1].parsed.subject).toMatch(/^Re: /);

    expect(phases(result.notifications)).toEqual([
      'slack-ops:awaiting_confirmation:rollback_awaiting_confirmation:sent',
      'pd:awaiting_confirmation:rollback_awaiting_confirmation:sent',
      'email-on-call:awaiting_confirmation:rollback_awaiting_confirmation:sent',
      'slack-ops:outcome:rollback_succeeded:sent',
      'pd:outcome:rollback_succeeded:sent',
      'email-on-call:outcome:rollback_succeeded:sent',
    ]);
    const [q, , , reply] = result.notifications as NotificationOutcome[];
    expect(reply).toMatchObject({ inReplyTo: q.threadId, threadId: expect.any(String), sentAt: expect.any(String) });
  }, 60_000);

  it('denied: the follow-up says so in the thread', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'smokeguard-state-'));
    const pending = run(config(), { runId: 'ops-loop-2', stateDir, env: {} });
    await until(() => slack.posted.length >= 1);
    expect((await shell('smokeguard deny ops-loop-2 --deployment django --namespace prod', { KUBECONFIG: k8s.kubeconfig, USER: 'carol' })).code).toBe(0);
    const result = await pending;
    expect(result.rollback).toMatchObject({ status: 'denied', confirmation: { by: 'carol' } });
    expect(slack.posted[1]).toMatchObject({ threadTs: slack.posted[0].ts });
    expect(String(slack.posted[1].payload.text)).toContain('Answer to the confirmation request: rollback denied by carol');
    expect(liveImage(k8s)).toBe(BAD);
  }, 60_000);

  it('stopped (SIGTERM) while ops are asked: the thread hears that no rollback happened and what to run by hand', async () => {
    const stop = new AbortController();
    const pending = run(config(), { runId: 'ops-loop-4', stateDir: await mkdtemp(join(tmpdir(), 'smokeguard-state-')), env: {}, signal: stop.signal });
    await until(() => slack.posted.length >= 1 && pd.events.length >= 1 && smtp.messages.length >= 1);
    stop.abort('SIGTERM received');
    const result = await pending;
    expect(result.verdict).toBe('aborted');
    expect(result.rollback).toMatchObject({ status: 'aborted', alertOps: true });
    expect(liveImage(k8s)).toBe(BAD);
    expect(firstPatch()).toBeUndefined();

    expect(slack.posted).toHaveLength(2);
    expect(slack.posted[1]).toMatchObject({ threadTs: slack.posted[0].ts, replyBroadcast: true });
    const text = String(slack.posted[1].payload.text);
    expect(text).toContain('ROLLBACK NOT STARTED: rollback not started: the run was stopped (SIGTERM received)');
    expect(text).toContain(`Manual rollback: kubectl set image deployment/django`);
    expect(pd.events).toHaveLength(2);
    expect(pd.events[1]).toMatchObject({ event_action: 'trigger', dedup_key: pd.events[0].dedup_key });
    expect(smtp.messages[1].parsed.inReplyTo).toBe(smtp.messages[0].parsed.messageId);
    expect(phases(result.notifications).slice(3)).toEqual([
      'slack-ops:outcome:rollback_failed:sent', 'pd:outcome:rollback_failed:sent', 'email-on-call:outcome:rollback_failed:sent',
    ]);
  }, 60_000);

  it('nobody answers: the timeout is the follow-up in the thread, broadcast, with the manual command', async () => {
    const result = await run(config({ auto_rollback: { enabled: true, critical_failure_threshold: 1, requires_ops_confirmation: true, confirmation_timeout_seconds: 1, rollback_timeout_seconds: 10 } }),
      { runId: 'ops-loop-5', stateDir: await mkdtemp(join(tmpdir(), 'smokeguard-state-')), env: {} });
    expect(result.rollback).toMatchObject({ status: 'confirmation_timeout', alertOps: true });
    expect(liveImage(k8s)).toBe(BAD);
    expect(slack.posted).toHaveLength(2);
    expect(slack.posted[1]).toMatchObject({ threadTs: slack.posted[0].ts, replyBroadcast: true });
    const text = String(slack.posted[1].payload.text);
    expect(text).toContain('no ops confirmation within 1s: no rollback');
    expect(text).toContain(`Manual rollback: kubectl set image deployment/django django=${GOOD} -n prod`);
    expect(pd.events.map((e) => [e.event_action, e.dedup_key])).toEqual([['trigger', pd.events[0].dedup_key], ['trigger', pd.events[0].dedup_key]]);
    expect(pd.incidents.size).toBe(1);
    expect(smtp.messages[1].parsed.inReplyTo).toBe(smtp.messages[0].parsed.messageId);
    expect(phases(result.notifications).slice(3)).toEqual([
      'slack-ops:outcome:rollback_failed:sent', 'pd:outcome:rollback_failed:sent', 'email-on-call:outcome:rollback_failed:sent',
    ]);
  }, 60_000);

  it('no earlier revision: nothing is asked, ops are paged that there is nothing to roll back to', async () => {
    k8s.sim.cluster.delete('deployments', 'prod', 'django');
    for (const rs of k8s.sim.cluster.list('replicasets', 'prod')) k8s.sim.cluster.delete('replicasets', 'prod', rs.metadata.name);
    k8s.sim.cluster.seedDeployment({ namespace: 'prod', name: 'django', revisions: [{ django: BAD }] });
    const result = await run(config(), { runId: 'ops-loop-6', stateDir: await mkdtemp(join(tmpdir(), 'smokeguard-state-')), env: {} });
    expect(result.rollback).toMatchObject({ status: 'failed', alertOps: true, error: { kind: 'no_previous_revision' } });
    expect(phases(result.notifications)).toEqual(['slack-ops:outcome:rollback_failed:sent', 'pd:outcome:rollback_failed:sent', 'email-on-call:outcome:rollback_failed:sent']);
    const text = String(slack.posted[0].payload.text);
    expect(text).toContain('cannot roll back: deployment/django has no earlier revision');
    expect(text).not.toContain('Manual rollback:');
    expect(pd.events[0]).toMatchObject({ event_action: 'trigger', payload: { severity: 'critical' } });
    expect(k8s.sim.writesTo('deployments', 'django')).toHaveLength(0);
  }, 60_000);

  it('immediate: critical + rollback_started arrive before the patch, not after a rollback that runs to its timeout', async () => {
    service.faults.login = 'error'; // a second critical failure: immediate rollback
    k8s.sim.cluster.setRolloutBehaviour('prod', 'django', { mode: 'stall', afterPods: 1 });
    const result = await run(config({
      critical_paths: [{ name: 'user-login', steps: [{ method: 'POST', endpoint: '/api/auth/login', payload: { email: 'a@b.c', password: 'x' } }], timeout_seconds: 5, required: true }],
      auto_rollback: { enabled: true, critical_failure_threshold: 1, rollback_timeout_seconds: 2 },
    }), { runId: 'ops-loop-3', stateDir: await mkdtemp(join(tmpdir(), 'smokeguard-state-')), env: {} });
    expect(result.decision.mode).toBe('immediate');
    expect(result.rollback).toMatchObject({ status: 'failed', confirmation: { by: 'immediate: 2 critical failures' } });
    const first = slack.posted[0];
    expect(first.arrived.seq).toBeLessThan(firstPatch()?.arrived.seq ?? 0);
    expect(pd.arrivals[0].seq).toBeLessThan(firstPatch()?.arrived.seq ?? 0);
    expect(String(first.payload.text)).toContain(`Automatic rollback starting now to ${GOOD}`);
    expect(String(first.payload.text)).toContain(`roll back: kubectl set image deployment/django django=${GOOD} -n prod`);
    // The failure is the follow-up, in the thread and broadcast to the channel.
    expect(slack.posted[1]).toMatchObject({ threadTs: first.ts, replyBroadcast: true });
    expect(String(slack.posted[1].payload.text)).toContain('ROLLBACK FAILED');
    expect(phases(result.notifications).slice(0, 3)).toEqual([
      'slack-ops:before_rollback:critical:sent', 'pd:before_rollback:critical:sent', 'email-on-call:before_rollback:critical:sent',
    ]);
    expect(phases(result.notifications).slice(3)).toEqual([
      'slack-ops:outcome:rollback_failed:sent', 'pd:outcome:rollback_failed:sent', 'email-on-call:outcome:rollback_failed:sent',
    ]);
  }, 60_000);
});
