import { describe, expect, test } from 'vitest';
import { slackProblem } from '../../../test/helpers/simulators/slack.js';
import { check, READINESS_FINDING, runResult } from '../../../test/notifications/fixtures.js';
import { runIdentity } from '../identity.js';
import { buildRunMessage } from '../message.js';
import { configSchema } from '../../config/schema.js';
import { SLACK_FALLBACK_TEXT_MAX, SLACK_HEADER_TEXT_MAX, SLACK_MAX_BLOCKS, SLACK_SECTION_TEXT_MAX, buildSlackPayload } from './blocks.js';

function message(result = runResult('critical'), reportUrl?: string) {
  return buildRunMessage(result, runIdentity(result, configSchema.parse({}), {}), 'critical', ['critical'], reportUrl);
}

function sectionTexts(blocks: Array<Record<string, unknown>>): string[] {
  return blocks.filter((b) => b.type === 'section').map((b) => (b.text as { text: string }).text);
}

describe('Slack Block Kit payload', () => {
  test('verdict, failures with their findings, rollback status and the report link', () => {
    const payload = buildSlackPayload(message(runResult('critical'), 'https://ci.test/report.html'));
    expect(slackProblem(payload)).toBeUndefined();
    expect(payload.blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text', text: '✗ CRITICAL: Smoke tests failed on django@v1.22.0-context-api (prod)' } });
    const texts = sectionTexts(payload.blocks).join('\n');
    expect(texts).toContain('*1. readiness (health, critical): /health/ready returned 503*\nIssue: Database connection failed');
    expect(texts).toContain('kubectl set image deployment/django django=django:v1.21.8-stable -n prod');
    expect(payload.blocks.at(-1)).toMatchObject({ type: 'actions', elements: [{ type: 'button', url: 'https://ci.test/report.html' }] });
    expect(payload.text).toContain('FAILURES:');
  });

  test('a huge run stays within Slack limits and says what it left out', () => {
    const longReason = 'x'.repeat(10_000);
    const checks = Array.from({ length: 80 }, (_, i) => check(`check-${i}`, 'failed', { reason: longReason }));
    const findings = checks.map((c) => ({ ...READINESS_FINDING, checks: [c.name], remediation: Array(50).fill('kubectl rollout undo deployment/django -n prod') }));
    const result = runResult('critical', { checks, findings });
    result.target.deployment = 'd'.repeat(400);
    const payload = buildSlackPayload(message(result, 'https://ci.test/r'));
    expect(slackProblem(payload)).toBeUndefined();
    expect(payload.blocks.length).toBeLessThanOrEqual(SLACK_MAX_BLOCKS);
    expect((payload.blocks[0]!.text as { text: string }).text.length).toBeLessThanOrEqual(SLACK_HEADER_TEXT_MAX);
    for (const t of sectionTexts(payload.blocks)) expect(t.length).toBeLessThanOrEqual(SLACK_SECTION_TEXT_MAX);
    expect(payload.text.length).toBeLessThanOrEqual(SLACK_FALLBACK_TEXT_MAX);
    expect(sectionTexts(payload.blocks)).toContain('…and 60 more failures: see the full report.');
  });

  test('text from the target cannot ping the channel or inject links', () => {
    const result = runResult('critical', { checks: [check('readiness', 'failed', { reason: 'body: <!channel> <https://evil.test|click> & more' })] });
    const texts = sectionTexts(buildSlackPayload(message(result)).blocks).join('\n');
    expect(texts).toContain('&lt;!channel&gt; &lt;https://evil.test|click&gt; &amp; more');
    expect(texts).not.toContain('<!channel>');
  });

  test.each([
    ['51 blocks', { text: 't', blocks: Array(51).fill({ type: 'divider' }) }, 'invalid_blocks'],
    ['an unknown block type', { text: 't', blocks: [{ type: 'table' }] }, 'invalid_blocks'],
    ['a 151-char header', { text: 't', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }] }, 'invalid_blocks'],
    ['a 3001-char section', { text: 't', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 's'.repeat(3001) } }] }, 'invalid_blocks'],
    ['neither text nor blocks', {}, 'no_text'],
  ])('the simulator rejects %s as Slack does', (_name, payload, error) => {
    expect(slackProblem(payload)).toBe(error);
  });
});
