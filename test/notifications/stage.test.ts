import { afterAll, beforeAll, expect, test } from 'vitest';
import { formatIncidentOutcome } from '../../src/incidents/index.js';
import { formatNotificationOutcome } from '../../src/notifiers/index.js';
import { notifyAndOpenIncident } from '../../src/notifiers/stage.js';
import { createHttpClient, type HttpClient } from '../../src/util/http.js';
import { Redactor } from '../../src/util/redact.js';
import { startJiraSimulator } from '../helpers/simulators/jira.js';
import { startPagerDutySimulator } from '../helpers/simulators/pagerduty.js';
import { startSlackSimulator } from '../helpers/simulators/slack.js';
import { startSmtpServer } from '../helpers/simulators/smtp.js';
import { ROLLBACK_SUCCEEDED, runResult, smokeConfig } from './fixtures.js';

const JIRA_AUTH = 'Bearer jira-pat-0123456789';
let slack: Awaited<ReturnType<typeof startSlackSimulator>>;
let pd: Awaited<ReturnType<typeof startPagerDutySimulator>>;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let jira: Awaited<ReturnType<typeof startJiraSimulator>>;
let http: HttpClient;

beforeAll(async () => {
  [slack, pd, smtp, jira] = await Promise.all([startSlackSimulator(), startPagerDutySimulator(), startSmtpServer({ user: 'u', password: 'smtp-password-1' }), startJiraSimulator({ auth: JIRA_AUTH })]);
  http = createHttpClient();
});
afterAll(async () => {
  await http.close();
  await Promise.all([slack.close(), pd.close(), smtp.close(), jira.close()]);
});

test('a critical run notifies Slack, PagerDuty and SMTP once each and opens one ticket; its re-run opens none', async () => {
  const config = smokeConfig({
    rollback_strategy: { notify_channels: ['slack-ops', 'email-on-call'] },
    notifications: {
      channels: {
        'slack-ops': { type: 'slack', webhook_url: slack.webhookUrl },
        'email-on-call': { type: 'email', host: '127.0.0.1', port: smtp.port, tls: 'starttls', insecure_tls: true, username: 'u', password: 'smtp-password-1', from: 'sg@example.test', to: 'oncall@example.test' },
        pd: { type: 'pagerduty', routing_key: 'k'.repeat(32), url: pd.enqueueUrl },
      },
      incident: { provider: 'jira', url: jira.url, project: 'OPS', token: 'jira-pat-0123456789' },
    },
  });
  const stage = () => notifyAndOpenIncident({ result: runResult('critical', { rollback: ROLLBACK_SUCCEEDED }), config, http, redactor: new Redactor(), deadline: Date.now() + 10_000, env: {} });

  const first = await stage();
  expect(first.notifications.map(formatNotificationOutcome)).toEqual([
    'Notification sent to slack-ops (slack, critical)',
    'Notification sent to email-on-call (email, critical)',
    'Notification sent to pd (pagerduty trigger, critical)',
  ]);
  expect(formatIncidentOutcome(first.incident!)).toBe(`Incident ticket created: OPS-1 (${jira.url}/browse/OPS-1)`);
  expect([slack.accepted.length, smtp.messages.length, pd.events.length, jira.issues.length]).toEqual([1, 1, 1, 1]);
  expect(first.timeline.map((e) => e.kind)).toEqual(['notification', 'notification', 'notification', 'incident']);

  const rerun = await stage();
  expect(rerun.incident).toMatchObject({ id: 'OPS-1', created: false, deduplicated: true });
  expect(jira.issues).toHaveLength(1);
  // PagerDuty folds the re-run's trigger into the same incident.
  expect([...pd.incidents.values()]).toMatchObject([{ status: 'triggered', alerts: 2 }]);
});
