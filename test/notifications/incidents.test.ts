import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatIncidentOutcome, openIncident } from '../../src/incidents/index.js';
import { notify } from '../../src/notifiers/index.js';
import { createHttpClient, type HttpClient } from '../../src/util/http.js';
import { Redactor } from '../../src/util/redact.js';
import { startSilentServer } from '../helpers/silent-server.js';
import { startGitHubSimulator } from '../helpers/simulators/github.js';
import { startJiraSimulator } from '../helpers/simulators/jira.js';
import { startPagerDutySimulator } from '../helpers/simulators/pagerduty.js';
import { startWebhookReceiver } from '../helpers/simulators/webhook-receiver.js';
import { ROLLBACK_FAILED, ROLLBACK_SUCCEEDED, runResult, smokeConfig } from './fixtures.js';

const JIRA_TOKEN = 'jira-api-token-planted-1234';
const JIRA_AUTH = `Basic ${Buffer.from(`bot@example.test:${JIRA_TOKEN}`).toString('base64')}`;
const GITHUB_TOKEN = 'ghp_plantedTOKEN0123456789abcdef';
const ROUTING_KEY = 'R0UT1NGKEYplanted0123456789abcde';

let jira: Awaited<ReturnType<typeof startJiraSimulator>>;
let github: Awaited<ReturnType<typeof startGitHubSimulator>>;
let pd: Awaited<ReturnType<typeof startPagerDutySimulator>>;
let http: HttpClient;
let dir: string;

beforeAll(async () => {
  [jira, github, pd] = await Promise.all([
    startJiraSimulator({ auth: JIRA_AUTH, project: 'OPS' }),
    startGitHubSimulator({ token: GITHUB_TOKEN, repo: 'acme/django' }),
    startPagerDutySimulator(),
  ]);
  http = createHttpClient();
  dir = await mkdtemp(join(tmpdir(), 'smokeguard-incidents-'));
});
afterAll(async () => {
  await http.close();
  await Promise.all([jira.close(), github.close(), pd.close(), rm(dir, { recursive: true, force: true })]);
});

function configWith(incident: Record<string, unknown>, channels: Record<string, unknown> = {}) {
  return smokeConfig({ notifications: { channels, incident } });
}

function open(cfg: ReturnType<typeof configWith>, result = runResult('critical', { rollback: ROLLBACK_SUCCEEDED }), budgetMs = 10_000, redactor = new Redactor()) {
  return openIncident({ result, config: cfg, http, redactor, deadline: Date.now() + budgetMs, reportUrl: 'https://ci.example.test/r/1', env: {} });
}

describe('openIncident', () => {
  test('jira: one issue with the required fields, found again on re-run by its label', async () => {
    const cfg = configWith({ provider: 'jira', url: jira.url, project: 'OPS', issue_type: 'Incident', email: 'bot@example.test', api_token: JIRA_TOKEN });
    const first = await open(cfg);
    expect(first).toMatchObject({ provider: 'jira', id: 'OPS-1', created: true, deduplicated: false, url: `${jira.url}/browse/OPS-1` });
    expect(formatIncidentOutcome(first!)).toBe(`Incident ticket created: OPS-1 (${jira.url}/browse/OPS-1)`);
    const again = await open(cfg);
    expect(again).toMatchObject({ id: 'OPS-1', created: false, deduplicated: true });
    expect(jira.issues).toHaveLength(1);
    expect(jira.issues[0]!.summary).toContain('django@v1.22.0-context-api');
    expect(jira.issues[0]!.labels).toContain('smokeguard');
    // A new revision is a new incident.
    const next = await open(cfg, runResult('critical', { version: 'v1.23.0' }));
    expect(next).toMatchObject({ id: 'OPS-2', created: true });
  });

  test('jira: a field the project refuses is reported, not retried', async () => {
    const cfg = configWith({ provider: 'jira', url: jira.url, project: 'OPS', issue_type: 'Epic', email: 'bot@example.test', api_token: JIRA_TOKEN });
    const outcome = await open(cfg, runResult('critical', { version: 'v9' }));
    expect(outcome).toMatchObject({ id: '', created: false, attempts: 1 });
    expect(outcome!.error).toContain('Specify a valid issue type');
  });

  test('jira: wrong credentials are an error with the reason', async () => {
    const cfg = configWith({ provider: 'jira', url: jira.url, project: 'OPS', email: 'bot@example.test', api_token: 'wrong-token-000' });
    const outcome = await open(cfg);
    expect(outcome!.error).toMatch(/Jira search: HTTP 401/);
  });

  test('github: one issue labelled with the dedup marker, none on re-run', async () => {
    const cfg = configWith({ provider: 'github', repo: 'acme/django', token: GITHUB_TOKEN, api_url: github.url, labels: ['incident'] });
    const first = await open(cfg);
    expect(first).toMatchObject({ provider: 'github', id: 'acme/django#1', created: true, url: `${github.url}/acme/django/issues/1` });
    const again = await open(cfg);
    expect(again).toMatchObject({ id: 'acme/django#1', created: false, deduplicated: true });
    expect(github.issues).toHaveLength(1);
    expect(github.issues[0]!.labels).toEqual(expect.arrayContaining(['smokeguard', 'incident']));
    expect(github.issues[0]!.labels.find((l) => l.startsWith('smokeguard-'))).toMatch(/^smokeguard-[0-9a-f]{12}$/);
  });

  test('github: labels dropped by GitHub (token without push access) are reported as a warning', async () => {
    const gh = await startGitHubSimulator({ token: GITHUB_TOKEN, repo: 'acme/api', dropLabels: true });
    try {
      const outcome = await open(configWith({ provider: 'github', repo: 'acme/api', token: GITHUB_TOKEN, api_url: gh.url }));
      expect(outcome).toMatchObject({ id: 'acme/api#1', created: true });
      expect(outcome!.warning).toMatch(/did not keep the label smokeguard-[0-9a-f]{12}/);
    } finally {
      await gh.close();
    }
  });

  test('webhook: the receiver answers an id; the seed-style line is printed', async () => {
    const receiver = await startWebhookReceiver({ secret: 'incident-secret-0123456789', dedup: true });
    try {
      const cfg = configWith({ provider: 'webhook', url: `${receiver.url}/incidents`, secret: 'incident-secret-0123456789', url_field: 'url' });
      const first = await open(cfg);
      expect(formatIncidentOutcome(first!)).toBe(`Incident ticket created: INC-2026-0542 (${receiver.url}/tickets/INC-2026-0542)`);
      const again = await open(cfg);
      expect(again).toMatchObject({ id: 'INC-2026-0542', created: false, deduplicated: true });
      expect(receiver.tickets.size).toBe(1);
    } finally {
      await receiver.close();
    }
  });

  test('webhook: a receiver that does not deduplicate is covered by the local state file', async () => {
    const receiver = await startWebhookReceiver({ dedup: false });
    try {
      const stateFile = join(dir, 'state', 'incidents.json');
      const cfg = configWith({ provider: 'webhook', url: receiver.url, state_file: stateFile });
      const first = await open(cfg);
      const again = await open(cfg);
      expect([first!.created, again!.created, again!.id]).toEqual([true, false, first!.id]);
      expect(receiver.requests).toHaveLength(1);
      expect(JSON.parse(await readFile(stateFile, 'utf8'))).toEqual({ [first!.dedupKey]: { id: first!.id, url: undefined } });
    } finally {
      await receiver.close();
    }
  });

  test('pagerduty: the incident is the trigger notify() already sent — nothing sent twice', async () => {
    const channels = { 'pd-oncall': { type: 'pagerduty', routing_key: ROUTING_KEY, url: pd.enqueueUrl } };
    const cfg = configWith({ provider: 'pagerduty', channel: 'pd-oncall' }, channels);
    const result = runResult('critical', { rollback: ROLLBACK_FAILED });
    result.notifications = await notify({ result, config: cfg, http, redactor: new Redactor(), deadline: Date.now() + 5000, env: {} });
    const outcome = await open(cfg, result);
    expect(outcome).toMatchObject({ provider: 'pagerduty', id: 'smokeguard/prod/django@v1.22.0-context-api', created: true });
    expect(pd.events).toHaveLength(1);
  });

  test('pagerduty: without a prior notification it triggers once itself', async () => {
    pd.events.length = 0;
    const channels = { 'pd-oncall': { type: 'pagerduty', routing_key: ROUTING_KEY, url: pd.enqueueUrl, events: ['rollback_failed'] } };
    const outcome = await open(configWith({ provider: 'pagerduty', channel: 'pd-oncall' }, channels));
    expect(outcome).toMatchObject({ id: 'smokeguard/prod/django@v1.22.0-context-api', created: true });
    expect(pd.events).toMatchObject([{ event_action: 'trigger' }]);
  });

  test('no ticket for a passing or warning run', async () => {
    const cfg = configWith({ provider: 'github', repo: 'acme/django', token: GITHUB_TOKEN, api_url: github.url });
    expect(await open(cfg, runResult('passed'))).toBeUndefined();
    expect(await open(cfg, runResult('warning'))).toBeUndefined();
  });

  test('a hanging ticket system is cut at the deadline and reported', async () => {
    const silent = await startSilentServer();
    try {
      const cfg = configWith({ provider: 'github', repo: 'acme/django', token: GITHUB_TOKEN, api_url: silent.url('http'), timeout_seconds: 30 });
      const started = Date.now();
      const outcome = await open(cfg, undefined, 600);
      expect(Date.now() - started).toBeLessThan(1_200); // 600 ms budget, not the 30 s timeout
      expect(outcome).toMatchObject({ id: '', created: false });
      expect(outcome!.error).toMatch(/no answer within/);
    } finally {
      await silent.close();
    }
  });

  test.each([
    ['github', () => configWith({ provider: 'github', repo: 'acme/django', token: GITHUB_TOKEN, api_url: github.url }), GITHUB_TOKEN, () => github.requests],
    ['jira', () => configWith({ provider: 'jira', url: jira.url, project: 'OPS', email: 'bot@example.test', api_token: JIRA_TOKEN }), JIRA_TOKEN, () => jira.requests],
  ] as const)('%s: its own token, echoed in a check reason, appears in no ticket body', async (_name, cfg, token, requests) => {
    const result = runResult('critical', { version: 'v-secret-test' });
    result.checks[0]!.reason = `upstream echoed ${token}`;
    const before = requests().length;
    await open(cfg(), result, 5000, new Redactor());
    const bodies = requests().slice(before).map((r) => r.body).filter((b) => b.length > 0);
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toContain('upstream echoed ***');
    expect(bodies[0]).not.toContain(token);
  });
});
