import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../config/load.js';
import { startDemoService, type DemoService } from '../demo/service.js';
import type { SmokeConfig } from '../config/schema.js';
import type { RunResult } from '../core/types.js';
import { run } from './pipeline.js';
import { outcomeStageHasWork } from './stages.js';

/** The stages after the checks, through the library entry: monitoring runs, a dry run changes nothing outside. */
let service: DemoService;
beforeAll(async () => {
  service = await startDemoService({ faults: { readiness: 'database-down' } });
});
afterAll(() => service.close());

async function runWith(extra: Record<string, unknown>, dryRun = false) {
  const dir = await mkdtemp(join(tmpdir(), 'smokeguard-stages-'));
  const textfile = join(dir, 'smokeguard.prom');
  const { config } = validateConfig({ base_url: service.url, health_checks: [{ name: 'readiness', endpoint: '/health/ready' }], monitoring: { textfile }, ...extra }, { env: {} });
  return { result: await run(config, { env: {}, dryRun }), textfile };
}

describe('stages after the checks', () => {
  it('feeds monitoring: the run lands in the textfile as metrics, and the outcome in the result', async () => {
    const { result, textfile } = await runWith({});
    expect(result.verdict).toBe('critical');
    const metrics = await readFile(textfile, 'utf8');
    expect(metrics).toMatch(/^smokeguard_run_success\{[^}]*\} 0$/m);
    expect(metrics).toMatch(/smokeguard_check_success\{[^}]*check="readiness"[^}]*\} 0/);
    expect(result.monitoring).toMatchObject([{ sink: 'textfile', status: 'sent' }]);
  });

  it('a dry run pushes no metrics and says so in the timeline', async () => {
    const { result, textfile } = await runWith({}, true);
    await expect(stat(textfile)).rejects.toThrow();
    expect(result.monitoring).toBeUndefined();
    expect(result.timeline.some((e) => /Dry run: monitoring skipped/.test(e.message))).toBe(true);
  });

  it('a passing run loads no analysis and has no findings', async () => {
    service.faults.readiness = 'ok';
    try {
      const { result } = await runWith({});
      expect(result.verdict).toBe('passed');
      expect(result.findings).toBeUndefined();
      expect(result.rollback).toBeUndefined();
    } finally {
      service.faults.readiness = 'database-down';
    }
  });
});

describe('outcomeStageHasWork: the notification code loads only when the outcome stage can say something', () => {
  const seedLike = (extra: Record<string, unknown> = {}) => ({ rollback_strategy: { notify_channels: ['slack-ops', 'email-on-call'] }, ...extra }) as unknown as SmokeConfig;
  const ran = (verdict: RunResult['verdict']) => ({ verdict, rollback: undefined }) as unknown as RunResult;

  it.each([
    ['passed, only undefined notify_channels (the seed)', seedLike(), 'passed', false],
    ['warning, only undefined notify_channels', seedLike(), 'warning', false],
    ['critical, only undefined notify_channels: says they are undefined', seedLike(), 'critical', true],
    ['passed, a channel defined (it may listen to success)', seedLike({ notifications: { channels: { ops: { type: 'slack' } } } }), 'passed', true],
    ['passed, an incident provider (it resolves tickets)', seedLike({ notifications: { incident: { type: 'jira' } } }), 'passed', true],
    ['critical, nothing configured at all', {} as SmokeConfig, 'critical', false],
  ] as const)('%s', (_name, config, verdict, expected) => {
    expect(outcomeStageHasWork(config, ran(verdict))).toBe(expected);
  });
});
