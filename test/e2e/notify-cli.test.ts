import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDemoService, type DemoService } from '../../src/demo/service.js';
import { startJiraSimulator } from '../helpers/simulators/jira.js';
import { startPagerDutySimulator } from '../helpers/simulators/pagerduty.js';
import { startSlackSimulator } from '../helpers/simulators/slack.js';
import { startSmtpServer } from '../helpers/simulators/smtp.js';
import { startSilentServer } from '../helpers/silent-server.js';
import { PG_URL, REDIS_URL, runCli } from '../helpers/cli.js';
import { readReportJson } from '../helpers/report-json.js';

/**
 * A critical run through the built CLI reaches every place a team looks, once: the simulated
 * Slack and PagerDuty, a real SMTP server, one Jira ticket (none on the re-run); a notifier
 * that hangs is cut and the run still ends on time; no planted secret leaves in any body.
 */
const SEED = resolve(import.meta.dirname, '../fixtures/seed/.coditect/config/smoke-test-hook.json');
const SECRETS = { SLACK_TOKEN: 'T0PLANT/B0PLANT/slacksecretplanted123', SMTP_PASSWORD: 'smtp-planted-pass-9', PD_ROUTING_KEY: 'pdroutingkeyplanted0123456789abc', JIRA_TOKEN: 'jira-planted-pat-42', HOOK_SECRET: 'hmac-planted-secret-7-long' };

let service: DemoService;
let slack: Awaited<ReturnType<typeof startSlackSimulator>>;
let pd: Awaited<ReturnType<typeof startPagerDutySimulator>>;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let jira: Awaited<ReturnType<typeof startJiraSimulator>>;
let silent: Awaited<ReturnType<typeof startSilentServer>>;

beforeAll(async () => {
  service = await startDemoService({ faults: { readiness: 'database-down' } });
  [slack, pd, smtp, jira, silent] = await Promise.all([
    startSlackSimulator(SECRETS.SLACK_TOKEN),
    startPagerDutySimulator(),
    startSmtpServer({ user: 'smoke', password: SECRETS.SMTP_PASSWORD }),
    startJiraSimulator({ auth: `Bearer ${SECRETS.JIRA_TOKEN}` }),
    startSilentServer(),
  ]);
});
afterAll(async () => {
  await Promise.all([service.close(), slack.close(), pd.close(), smtp.close(), jira.close(), silent.close()]);
});

it('notifies Slack, PagerDuty and email once each, opens one ticket, cuts a hanging webhook, leaks nothing', async () => {
  // The seed's config, with its notify_channels defined and an incident provider added.
  const config = JSON.parse(await readFile(SEED, 'utf8'));
  config.rollback_strategy.notify_channels = ['slack-ops', 'email-on-call', 'pager', 'audit-hook'];
  config.notifications = {
    channels: {
      'slack-ops': { type: 'slack', webhook_url: `${slack.url}/services/\${SLACK_TOKEN}` },
      'email-on-call': { type: 'email', host: '127.0.0.1', port: smtp.port, tls: 'starttls', insecure_tls: true, username: 'smoke', password: '${SMTP_PASSWORD}', from: 'smokeguard@example.test', to: 'oncall@example.test' },
      pager: { type: 'pagerduty', routing_key: '${PD_ROUTING_KEY}', url: pd.enqueueUrl },
      'audit-hook': { type: 'webhook', url: silent.url('http'), secret: '${HOOK_SECRET}', timeout_seconds: 1, retries: 0 },
    },
    incident: { provider: 'jira', url: jira.url, project: 'OPS', token: '${JIRA_TOKEN}' },
  };
  const dir = await mkdtemp(join(tmpdir(), 'smokeguard-notify-'));
  await writeFile(join(dir, 'smokeguard.json'), JSON.stringify(config));
  const env = { SMOKEGUARD_BASE_URL: service.url, DATABASE_URL: PG_URL, REDIS_URL, ...SECRETS };

  const first = await runCli(['run', '--config', 'smokeguard.json', '--report-dir', 'reports', '--revision', 'v1.22.0'], { cwd: dir, env });
  expect(first.stderr).toBe('');
  expect(first.code).toBe(1);
  expect(first.stdout).toContain('Notification sent to slack-ops (slack, critical)');
  expect(first.stdout).toContain('Notification sent to email-on-call (email, critical)');
  expect(first.stdout).toMatch(/Notification sent to pager \(pagerduty trigger, critical\)/);
  expect(first.stdout).toMatch(/audit-hook.*(failed|timed out|no answer)/i);
  expect(first.stdout).toMatch(/Incident ticket created: OPS-1/);
  expect([slack.accepted.length, smtp.messages.length, pd.events.length, jira.issues.length]).toEqual([1, 1, 1, 1]);
  const report = await readReportJson(join(dir, 'reports', 'report.json'));
  // The hanging webhook was cut at its 1 s timeout (its own attempt, not the whole run, whose
  // duration depends on the machine's load): no retry, and not held past the timeout.
  const hook = report.notifications?.find((n) => n.channel === 'audit-hook');
  expect(hook).toMatchObject({ status: 'failed', attempts: 1 });
  expect(hook!.durationMs).toBeGreaterThanOrEqual(1_000);
  expect(hook!.durationMs).toBeLessThan(3_000);
  expect(report.incident).toMatchObject({ provider: 'jira', id: 'OPS-1', created: true });

  const rerun = await runCli(['run', '--config', 'smokeguard.json', '--report-dir', 'reports', '--revision', 'v1.22.0'], { cwd: dir, env });
  expect(rerun.code).toBe(1);
  expect(jira.issues).toHaveLength(1);
  expect(rerun.stdout).not.toMatch(/Incident ticket created/);

  const bodies = [JSON.stringify(slack.accepted), JSON.stringify(pd.events), JSON.stringify(jira.issues), ...smtp.messages.map((m) => JSON.stringify(m)), first.stdout, first.stderr, rerun.stdout];
  for (const file of await readdir(join(dir, 'reports'))) bodies.push(await readFile(join(dir, 'reports', file), 'utf8'));
  for (const secret of Object.values(SECRETS).filter((s) => s !== SECRETS.PD_ROUTING_KEY)) {
    for (const body of bodies) expect(body.includes(secret), `${secret} leaked`).toBe(false);
  }
  // The routing key must reach PagerDuty (it is the API's address), and nowhere else.
  for (const body of bodies.filter((b) => b !== JSON.stringify(pd.events))) expect(body.includes(SECRETS.PD_ROUTING_KEY)).toBe(false);
}, 60_000);
