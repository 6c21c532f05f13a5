import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { configSchema } from '../config/schema.js';
import { formatPath } from '../config/config-error.js';
import { undefinedChannels } from './index.js';

const ROUTING_KEY = 'x'.repeat(32);

/** The problems zod reports for a notifications block, as `path: message`. */
function problems(notifications: unknown): string[] {
  const r = configSchema.safeParse({ notifications });
  return r.success ? [] : r.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
}

describe('notifications schema', () => {
  test.each([
    ['slack without webhook_url', { channels: { 'slack-ops': { type: 'slack' } } }, ['notifications.channels.slack-ops.webhook_url: required: an http(s) URL (or token and channel, for chat.postMessage)']],
    ['slack with a bot token but no channel', { channels: { s: { type: 'slack', token: 'xoxb-1-2-abc' } } }, ['notifications.channels.s.channel: required with token: the channel to post to (e.g. C0123456789 or #ops)']],
    ['slack with a non-URL', { channels: { s: { type: 'slack', webhook_url: 'hooks.slack.com/x' } } }, ['notifications.channels.s.webhook_url: an http(s) URL']],
    ['unknown channel type', { channels: { s: { type: 'sms' } } }, [`notifications.channels.s.type: Invalid discriminator value. Expected 'slack' | 'webhook' | 'email' | 'pagerduty' | 'teams'`]],
    ['unknown field (typo)', { channels: { s: { type: 'slack', webhook_url: 'https://h.test/x', channnel: '#ops' } } }, ['notifications.channels.s: Unrecognized key: "channnel"']],
    ['email: username without password', { channels: { m: { type: 'email', host: 'smtp.test', from: 'a@b.c', to: 'd@e.f', username: 'u' } } }, ['notifications.channels.m.password: username and password go together (SMTP AUTH needs both)']],
    ['email: STARTTLS on port 465', { channels: { m: { type: 'email', host: 'smtp.test', port: 465, from: 'a@b.c', to: 'd@e.f' } } }, ['notifications.channels.m.tls: port 465 speaks implicit TLS: set tls: implicit (or use port 587 for STARTTLS)']],
    ['email: missing host and recipients', { channels: { m: { type: 'email', from: 'a@b.c' } } }, ['notifications.channels.m.host: Invalid input: expected string, received undefined', 'notifications.channels.m.to: required: one address or a list of addresses']],
    ['pagerduty: short routing key', { channels: { p: { type: 'pagerduty', routing_key: 'abc' } } }, ['notifications.channels.p.routing_key: a 32-character integration key (use ${PAGERDUTY_ROUTING_KEY})']],
    ['webhook: short secret', { channels: { w: { type: 'webhook', url: 'https://h.test', secret: 'short' } } }, ['notifications.channels.w.secret: a signing secret of at least 16 characters']],
    ['unknown event', { channels: { s: { type: 'slack', webhook_url: 'https://h.test/x', events: ['failure'] } } }, [expect.stringMatching(/^notifications\.channels\.s\.events\[0\]: Invalid option/)]],
    ['incident refers to an undefined channel', { incident: { provider: 'pagerduty', channel: 'pd' } }, ['notifications.incident.channel: no channel "pd" under notifications.channels']],
    ['incident refers to a slack channel', { channels: { s: { type: 'slack', webhook_url: 'https://h.test/x' } }, incident: { provider: 'pagerduty', channel: 's' } }, ['notifications.incident.channel: channel "s" is a slack channel, not pagerduty']],
    ['jira without project', { incident: { provider: 'jira', url: 'https://acme.atlassian.net', token: 't' } }, ['notifications.incident.project: Invalid input: expected string, received undefined']],
    ['github with a bad repo', { incident: { provider: 'github', repo: 'django', token: 't' } }, ['notifications.incident.repo: owner/name']],
  ])('%s is a config error with its path', (_name, input, expected) => {
    expect(problems(input)).toEqual(expected);
  });

  test('a complete config validates, with defaults applied', () => {
    const r = configSchema.parse({
      notifications: {
        channels: {
          'slack-ops': { type: 'slack', webhook_url: 'https://hooks.slack.test/services/T/B/X' },
          pd: { type: 'pagerduty', routing_key: ROUTING_KEY },
          mail: { type: 'email', host: 'smtp.test', from: 'a@b.c', to: ['d@e.f'], username: 'u', password: 'p' },
        },
        incident: { provider: 'pagerduty', channel: 'pd' },
      },
    });
    expect(r.notifications?.channels.pd).toMatchObject({ timeout_seconds: 10, retries: 2, url: 'https://events.pagerduty.com/v2/enqueue' });
    expect(r.notifications?.channels.mail).toMatchObject({ port: 587, tls: 'starttls' });
  });

  test("the seed's config validates verbatim; its undefined channel names are only reported", () => {
    const seed = readFileSync(new URL('../../test/fixtures/seed/.coditect/config/smoke-test-hook.json', import.meta.url), 'utf8');
    const config = configSchema.parse(JSON.parse(seed));
    expect(undefinedChannels(config)).toEqual(['slack-ops', 'email-on-call']);
  });
});
