import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { notify } from '../../src/notifiers/index.js';
import type { NotificationOutcome } from '../../src/notifiers/types.js';
import { createHttpClient, type HttpClient } from '../../src/util/http.js';
import { Redactor } from '../../src/util/redact.js';
import { startSilentServer } from '../helpers/silent-server.js';
import { startPagerDutySimulator } from '../helpers/simulators/pagerduty.js';
import { startSlackSimulator } from '../helpers/simulators/slack.js';
import { startSmtpServer } from '../helpers/simulators/smtp.js';
import { startTeamsSimulator } from '../helpers/simulators/teams.js';
import { startWebhookReceiver } from '../helpers/simulators/webhook-receiver.js';
import { ROLLBACK_FAILED, ROLLBACK_SUCCEEDED, check, runResult, smokeConfig } from './fixtures.js';

const ROUTING_KEY = 'R0UT1NGKEYplanted0123456789abcde';
const SMTP_PASSWORD = 'smtp-pa55word-planted';
const WEBHOOK_SECRET = 'whsec-planted-0123456789';
const SLACK_TOKEN = 'T0PLANT/B0PLANT/slacktokenplanted123456';

let slack: Awaited<ReturnType<typeof startSlackSimulator>>;
let pd: Awaited<ReturnType<typeof startPagerDutySimulator>>;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;
let http: HttpClient;

beforeAll(async () => {
  [slack, pd, smtp, hook] = await Promise.all([
    startSlackSimulator(SLACK_TOKEN),
    startPagerDutySimulator(),
    startSmtpServer({ user: 'smokeguard', password: SMTP_PASSWORD, requireTls: true }),
    startWebhookReceiver({ secret: WEBHOOK_SECRET }),
  ]);
  http = createHttpClient();
});
afterAll(async () => {
  await http.close();
  await Promise.all([slack.close(), pd.close(), smtp.close(), hook.close()]);
});
afterEach(() => {
  slack.requests.length = 0;
  slack.accepted.length = 0;
  pd.requests.length = 0;
  pd.events.length = 0;
  pd.incidents.clear();
  smtp.messages.length = 0;
  hook.requests.length = 0;
  hook.verified.length = 0;
});

function channels(extra: Record<string, unknown> = {}) {
  return {
    'slack-ops': { type: 'slack', webhook_url: slack.webhookUrl },
    'pd-oncall': { type: 'pagerduty', routing_key: ROUTING_KEY, url: pd.enqueueUrl },
    'email-on-call': { type: 'email', host: '127.0.0.1', port: smtp.port, tls: 'starttls', insecure_tls: true, username: 'smokeguard', password: SMTP_PASSWORD, from: 'smokeguard@example.test', to: ['oncall@example.test'] },
    ...extra,
  };
}

function config(channelMap: Record<string, unknown>, notifyChannels: string[] = ['slack-ops', 'email-on-call']) {
  return smokeConfig({ rollback_strategy: { type: 'previous-image', notify_channels: notifyChannels }, notifications: { channels: channelMap } });
}

async function run(result: ReturnType<typeof runResult>, cfg: ReturnType<typeof config>, budgetMs = 10_000, redactor = new Redactor()) {
  return notify({ result, config: cfg, http, redactor, deadline: Date.now() + budgetMs, reportUrl: 'https://ci.example.test/runs/1/report.html', env: {} });
}

const byChannel = (outcomes: NotificationOutcome[], name: string) => outcomes.find((o) => o.channel === name);

describe('notify', () => {
  test('a critical run notifies Slack, PagerDuty and email once each', async () => {
    const outcomes = await run(runResult('critical', { rollback: ROLLBACK_SUCCEEDED }), config(channels()));
    expect(outcomes.map((o) => [o.channel, o.status, o.attempts])).toEqual([
      ['slack-ops', 'sent', 1],
      ['pd-oncall', 'sent', 1],
      ['email-on-call', 'sent', 1],
    ]);
    expect(slack.accepted).toHaveLength(1);
    expect(JSON.stringify(slack.accepted[0])).toContain('Database connection failed');
    expect(pd.events).toHaveLength(1);
    expect(pd.events[0]).toMatchObject({ event_action: 'trigger', dedup_key: 'smokeguard/prod/django@v1.22.0-context-api', payload: { severity: 'critical', source: 'django' } });
    expect(smtp.messages).toHaveLength(1);
    const mail = smtp.messages[0]!;
    expect(mail.secure).toBe(true); // STARTTLS happened before AUTH
    expect(mail.parsed.subject).toContain('CRITICAL');
    expect(mail.parsed.text).toContain('Issue: Database connection failed');
    expect(mail.parsed.html).toContain('<b>Issue:</b> Database connection failed');
    expect(mail.envelope.to).toEqual(['oncall@example.test']);
  });

  test('a run whose rollback failed pages at once, even on a channel that listens only to rollback_failed', async () => {
    const cfg = config({ 'pd-oncall': { type: 'pagerduty', routing_key: ROUTING_KEY, url: pd.enqueueUrl, events: ['rollback_failed'] } }, []);
    const outcomes = await run(runResult('critical', { rollback: ROLLBACK_FAILED }), cfg);
    expect(outcomes).toMatchObject([{ channel: 'pd-oncall', status: 'sent', event: 'rollback_failed', action: 'trigger' }]);
    const event = pd.events[0] as { payload: { severity: string; summary: string } };
    expect(event.payload.severity).toBe('critical');
    expect(event.payload.summary).toMatch(/ROLLBACK FAILED/);
    expect(event.payload.summary).toContain('kubectl set image deployment/django');
  });

  test('the awaiting-confirmation question is routed like critical: a channel listening to critical is asked, one that is not, is not', async () => {
    const cfg = config({
      'slack-ops': { type: 'slack', webhook_url: slack.webhookUrl, events: ['critical'] },
      'pd-oncall': { type: 'pagerduty', routing_key: ROUTING_KEY, url: pd.enqueueUrl, events: ['rollback_succeeded'] },
    }, []);
    const approveCommand = 'smokeguard approve run-0001 --deployment django --namespace prod';
    const pending = {
      kind: 'awaiting_confirmation' as const, runId: 'run-0001', deployment: 'django', namespace: 'prod', strategy: 'previous-image',
      currentImage: 'django:v1.22.0-context-api', targetImage: 'django:v1.21.8-stable', at: new Date().toISOString(),
      confirmation: { deadline: new Date(Date.now() + 118_000).toISOString(), waitMs: 118_000, onTimeout: 'skip' as const, approveCommand, denyCommand: approveCommand.replace('approve', 'deny') },
    };
    const outcomes = await notify({ result: runResult('critical'), config: cfg, http, redactor: new Redactor(), deadline: Date.now() + 10_000, env: {}, phase: 'awaiting_confirmation', pending });
    expect(outcomes.map((o) => [o.channel, o.status, o.event])).toEqual([['slack-ops', 'sent', 'rollback_awaiting_confirmation'], ['pd-oncall', 'skipped', 'none']]);
    expect(JSON.stringify(slack.accepted[0])).toContain('```' + approveCommand);
    expect(pd.events).toHaveLength(0);
  });

  test('a passing run after a critical one resolves the PagerDuty incident', async () => {
    const cfg = config({ 'pd-oncall': { type: 'pagerduty', routing_key: ROUTING_KEY, url: pd.enqueueUrl } }, []);
    await run(runResult('critical'), cfg);
    const key = 'smokeguard/prod/django@v1.22.0-context-api';
    expect(pd.incidents.get(key)?.status).toBe('triggered');
    const outcomes = await run(runResult('passed'), cfg);
    expect(outcomes).toMatchObject([{ status: 'sent', event: 'success', action: 'resolve', dedupKey: key }]);
    expect(pd.incidents.get(key)?.status).toBe('resolved');
  });

  test('a passing run does not message Slack or email (default events)', async () => {
    const outcomes = await run(runResult('passed'), config(channels()));
    expect(outcomes.filter((o) => o.status === 'skipped').map((o) => o.channel)).toEqual(['slack-ops', 'email-on-call']);
    expect(slack.requests).toHaveLength(0);
    expect(smtp.messages).toHaveLength(0);
  });

  test('a 500 then 200 is retried and sent on the second attempt', async () => {
    slack.failNext(1, 500);
    const outcomes = await run(runResult('critical'), config({ 'slack-ops': { type: 'slack', webhook_url: slack.webhookUrl } }, ['slack-ops']));
    expect(outcomes).toMatchObject([{ channel: 'slack-ops', status: 'sent', attempts: 2 }]);
    expect(slack.accepted).toHaveLength(1);
  });

  test('a 4xx answer is not retried and its reason is recorded', async () => {
    const outcomes = await run(runResult('critical'), config({ 'slack-ops': { type: 'slack', webhook_url: `${slack.url}/services/T1/B1/revoked0000000000` } }, ['slack-ops']));
    expect(outcomes).toMatchObject([{ status: 'failed', attempts: 1 }]);
    expect(outcomes[0]!.error).toContain('HTTP 404: no_service');
  });

  test('a hanging notifier is cut at its timeout, retried within the deadline, and does not hold the others', async () => {
    const silent = await startSilentServer();
    try {
      const cfg = config({
        hung: { type: 'webhook', url: silent.url('http'), secret: WEBHOOK_SECRET, timeout_seconds: 0.3, retries: 1 },
        'pd-oncall': { type: 'pagerduty', routing_key: ROUTING_KEY, url: pd.enqueueUrl },
      }, []);
      const started = Date.now();
      const outcomes = await run(runResult('critical'), cfg, 5_000);
      const elapsed = Date.now() - started;
      expect(byChannel(outcomes, 'hung')).toMatchObject({ status: 'failed', attempts: 2 });
      expect(byChannel(outcomes, 'hung')!.error).toMatch(/no answer within 300 ms/);
      expect(byChannel(outcomes, 'pd-oncall')!.status).toBe('sent');
      // two 300 ms attempts + a 500 ms backoff, nowhere near the 5 s budget
      expect(elapsed).toBeLessThan(2_000);
      expect(silent.connections()).toBeGreaterThanOrEqual(2);
    } finally {
      await silent.close();
    }
  });

  test('the run deadline cuts a send whose own timeout is longer', async () => {
    const silent = await startSilentServer();
    try {
      const cfg = config({ hung: { type: 'slack', webhook_url: `${silent.url('http')}/services/x`, timeout_seconds: 30, retries: 3 } }, []);
      const started = Date.now();
      const outcomes = await run(runResult('critical'), cfg, 700);
      const elapsed = Date.now() - started;
      expect(outcomes[0]).toMatchObject({ status: 'failed', attempts: 1 });
      expect(outcomes[0]!.error).toMatch(/run deadline/);
      expect(elapsed).toBeLessThan(1_200); // 700 ms budget, not the 30 s timeout
    } finally {
      await silent.close();
    }
  });

  test('email: wrong SMTP credentials fail once, not retried, with the reason', async () => {
    const before = smtp.authFailures();
    const mail = { ...(channels()['email-on-call'] as Record<string, unknown>), password: 'wrong-password-123' };
    const outcomes = await run(runResult('critical'), config({ mail }, []));
    expect(outcomes).toMatchObject([{ status: 'failed', attempts: 1 }]);
    expect(outcomes[0]!.error).toMatch(/Invalid username or password/);
    expect(smtp.authFailures() - before).toBe(1);
    expect(smtp.messages).toHaveLength(0);
  });

  test('email: an SMTP server that never greets is cut at the timeout', async () => {
    const silent = await startSilentServer();
    try {
      const mail = { ...(channels()['email-on-call'] as Record<string, unknown>), port: silent.port, timeout_seconds: 0.3, retries: 0 };
      const started = Date.now();
      const outcomes = await run(runResult('critical'), config({ mail }, []));
      expect(Date.now() - started).toBeLessThan(1_000); // 300 ms timeout, not the 10 s default
      expect(outcomes).toMatchObject([{ status: 'failed', attempts: 1 }]);
    } finally {
      await silent.close();
    }
  });

  test("the seed's undefined channel names are reported, not fatal", async () => {
    const seedLike = smokeConfig({ rollback_strategy: { type: 'previous-image', max_rollback_attempts: 1, notify_channels: ['slack-ops', 'email-on-call'] } });
    const outcomes = await run(runResult('critical', { rollback: ROLLBACK_SUCCEEDED }), seedLike);
    expect(outcomes).toEqual([
      expect.objectContaining({ channel: 'slack-ops', status: 'undefined_channel', error: 'channel slack-ops is not defined under notifications.channels; nothing sent' }),
      expect.objectContaining({ channel: 'email-on-call', status: 'undefined_channel', error: 'channel email-on-call is not defined under notifications.channels; nothing sent' }),
    ]);
  });

  test('the signed webhook verifies at the receiver with the shared secret', async () => {
    const outcomes = await run(runResult('critical'), config({ hook: { type: 'webhook', url: `${hook.url}/smoke`, secret: WEBHOOK_SECRET } }, []));
    expect(outcomes).toMatchObject([{ status: 'sent', attempts: 1 }]);
    expect(hook.verified).toHaveLength(1);
    expect(hook.verified[0]).toMatchObject({ event: 'critical', verdict: 'critical', result: { runId: 'run-0001' } });
  });

  test('Teams receives one Adaptive Card it accepts', async () => {
    const teams = await startTeamsSimulator();
    try {
      const outcomes = await run(runResult('critical', { rollback: ROLLBACK_SUCCEEDED }), config({ teams: { type: 'teams', webhook_url: teams.webhookUrl } }, []));
      expect(outcomes).toMatchObject([{ status: 'sent', attempts: 1 }]);
      expect(teams.accepted).toHaveLength(1);
      expect(JSON.stringify(teams.accepted[0])).toContain('Issue: Database connection failed');
      expect(teams.requests[0]!.body).not.toContain('teamsSigPlanted123');
    } finally {
      await teams.close();
    }
  });

  test('no planted secret appears in any notification body', async () => {
    const bearer = 'eyJhbGciOiJIUzI1NiJ9.plantedbearer.signature';
    const result = runResult('critical', {
      rollback: ROLLBACK_SUCCEEDED,
      checks: [
        check('readiness', 'failed', { reason: `upstream said 401 for Authorization: Bearer ${bearer}` }),
        check('hooks', 'failed', { reason: `POST ${slack.webhookUrl} echoed key ${ROUTING_KEY} and ${SMTP_PASSWORD}` }),
      ],
    });
    const redactor = new Redactor();
    const outcomes = await run(result, config(channels({ hook: { type: 'webhook', url: hook.url, secret: WEBHOOK_SECRET } })), 10_000, redactor);
    expect(outcomes.map((o) => o.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
    const bodies = [
      ...slack.requests.map((r) => r.body),
      // PagerDuty must receive the routing key in its own field; nowhere else.
      ...pd.requests.map((r) => JSON.stringify({ ...JSON.parse(r.body), routing_key: undefined })),
      ...hook.requests.map((r) => r.body),
      ...smtp.messages.map((m) => m.raw),
      JSON.stringify(outcomes),
    ];
    expect([slack.requests.length, pd.requests.length, hook.requests.length, smtp.messages.length]).toEqual([1, 1, 1, 1]);
    for (const secret of [SLACK_TOKEN, ROUTING_KEY, SMTP_PASSWORD, WEBHOOK_SECRET, bearer]) {
      for (const body of bodies) expect(body).not.toContain(secret);
    }
    expect(slack.requests[0]!.body).toContain('***');
  });
});
