import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startDemoService, type DemoService } from '../../src/demo/service.js';
import { PG_URL, REDIS_URL, runProcess } from '../helpers/cli.js';
import { runtimeToken, startArtifactService } from '../helpers/simulators/actions-artifacts.js';
import { parseOutputs } from './outputs.js';

const execFileP = promisify(execFile);

/**
 * The action as the runner starts it: `node action/main.mjs` (action.yml's runs.main) with the
 * environment GitHub sets — INPUT_*, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_WORKSPACE,
 * GITHUB_SHA — against the demo service. It runs the built CLI beside it (npm run build).
 */
const ROOT = resolve(import.meta.dirname, '../..');
const SEED_CONFIG = join(ROOT, 'test/fixtures/seed/.coditect/config/smoke-test-hook.json');
let service: DemoService;
beforeAll(async () => {
  service = await startDemoService();
});
afterAll(() => service.close());

async function runAction(inputs: Record<string, string>, runnerEnv: Record<string, string> = {}) {
  const workspace = await mkdtemp(join(tmpdir(), 'gh-workspace-'));
  const files = { output: join(workspace, 'output.txt'), summary: join(workspace, 'summary.md') };
  await writeFile(files.output, '');
  await writeFile(files.summary, '');
  // The runner sets every input: the step's value, else action.yml's default.
  const declared = (parse(await readFile(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> }).inputs;
  const defaults = Object.entries(declared).filter(([, i]) => i.default !== undefined).map(([k, i]) => [k, i.default!]);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_SHA: '3f9c2a1b7d4e5f60718293a4b5c6d7e8f9012345',
    RUNNER_TEMP: workspace,
    DATABASE_URL: PG_URL,
    REDIS_URL,
    ...runnerEnv,
    ...Object.fromEntries([...defaults, ...Object.entries(inputs)].map(([k, v]) => [`INPUT_${k!.toUpperCase()}`, v])),
  };
  const { main } = (parse(await readFile(join(ROOT, 'action.yml'), 'utf8')) as { runs: { main: string } }).runs;
  // The action's own output and the CLI's it passes through; either failing on a Node warning.
  const ran = await runProcess(process.execPath, [join(ROOT, main)], { cwd: workspace, env });
  const result = { code: ran.code, stdout: ran.stdout + ran.stderr };
  return { ...result, outputs: parseOutputs(await readFile(files.output, 'utf8')), summary: await readFile(files.summary, 'utf8'), workspace };
}

describe('the GitHub Action, run as the runner runs it', () => {
  it('action.yml: node20, the inputs and outputs the docs promise', async () => {
    const action = parse(await readFile(join(ROOT, 'action.yml'), 'utf8')) as { runs: { using: string; main: string }; inputs: Record<string, { default?: string }>; outputs: Record<string, unknown> };
    expect(action.runs).toEqual({ using: 'node20', main: 'action/main.mjs' });
    expect(Object.keys(action.inputs).sort()).toEqual(['args', 'artifact-name', 'base-url', 'config', 'environment', 'fail-on', 'report-dir']);
    expect(action.inputs['fail-on'].default).toBe('critical');
    expect(action.inputs['artifact-name'].default).toBe('smoke-report');
    expect(Object.keys(action.outputs).sort()).toEqual(['artifact-id', 'exit-code', 'report', 'report-dir', 'verdict']);
  });

  it('a critical failure fails the step: ::error annotations, outputs, the job summary and the reports', async () => {
    service.faults.readiness = 'database-down';
    const run = await runAction({ config: SEED_CONFIG, 'base-url': service.url, 'report-dir': 'smoke-report' });
    service.faults.readiness = 'ok';
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^::error title=smokeguard%3A readiness failed::.*503/m);
    expect(run.outputs).toMatchObject({ verdict: 'critical', 'exit-code': '1', 'report-dir': join(run.workspace, 'smoke-report'), report: join(run.workspace, 'smoke-report/report.json') });
    const report = JSON.parse(await readFile(run.outputs.report, 'utf8'));
    expect(report.verdict).toBe('critical');
    expect(report.target.commit).toBe('3f9c2a1b7d4e5f60718293a4b5c6d7e8f9012345');
    for (const file of ['junit.xml', 'report.md', 'report.html']) expect((await stat(join(run.outputs['report-dir'], file))).size).toBeGreaterThan(0);
    expect(run.summary).toContain('readiness');
    expect(Buffer.byteLength(run.summary)).toBeLessThan(1024 * 1024);
    // The human output is in the log.
    expect(run.stdout).toContain('✗ CRITICAL');
  });

  it('a passing run passes the step with verdict passed and no annotations', async () => {
    const run = await runAction({ config: SEED_CONFIG, 'base-url': service.url });
    expect(run.code).toBe(0);
    expect(run.outputs.verdict).toBe('passed');
    expect(run.stdout).not.toMatch(/^::(error|warning)/m);
  });

  it('fail-on: a warning passes by default and fails with fail-on: warning', async () => {
    service.faults.liveness = 'hang';
    try {
      const lenient = await runAction({ config: SEED_CONFIG, 'base-url': service.url, args: '--only basic-health liveness' });
      expect(lenient.code).toBe(0);
      expect(lenient.outputs.verdict).toBe('warning');
      expect(lenient.stdout).toMatch(/^::warning title=smokeguard%3A liveness timed out \(optional\)::/m);
      const strict = await runAction({ config: SEED_CONFIG, 'base-url': service.url, 'fail-on': 'warning', args: '--only basic-health liveness' });
      expect(strict.code).toBe(1);
      expect(strict.outputs.verdict).toBe('warning');
    } finally {
      service.faults.liveness = 'ok';
    }
  });

  it('bad input is a clear ::error, never a stack trace', async () => {
    const badFailOn = await runAction({ config: SEED_CONFIG, 'fail-on': 'sometimes' });
    expect(badFailOn.code).toBe(2);
    expect(badFailOn.stdout.trim()).toBe('::error title=smokeguard::fail-on must be one of critical, warning (got "sometimes")');
    const missing = await runAction({ config: 'nope.yaml' });
    expect(missing.code).toBe(2);
    expect(missing.outputs.verdict).toBe('error');
    expect(missing.stdout).toMatch(/^::error title=smokeguard%3A nothing was run::.*nope\.yaml/m);
    expect(missing.stdout).not.toMatch(/\n\s+at /);
  });

  describe('the reports as a workflow artifact (the artifact service simulated as @actions/artifact speaks to it)', () => {
    const token = runtimeToken('3a4f8c52-1b9e-4d7a-9c61-0f2e8b7d5a13', '7c9d2e41-5f6a-4b8c-a3d7-1e0f9b8c6d24');
    let artifacts: Awaited<ReturnType<typeof startArtifactService>>;
    beforeAll(async () => {
      artifacts = await startArtifactService(token);
    });
    afterAll(() => artifacts.close());
    const runner = () => ({ ACTIONS_RUNTIME_TOKEN: token, ACTIONS_RESULTS_URL: artifacts.url });

    it('uploads report-dir as the artifact smoke-report: every report in one zip that unzip reads back, its id as an output', async () => {
      const run = await runAction({ config: SEED_CONFIG, 'base-url': service.url }, runner());
      expect(run.code, run.stdout).toBe(0);
      const stored = artifacts.artifacts.at(-1)!;
      expect(stored).toMatchObject({ name: 'smoke-report', finalized: true });
      expect(run.outputs['artifact-id']).toBe(stored.id);
      expect(run.stdout).toMatch(/^Reports uploaded as artifact smoke-report \(4 files, \d+ bytes\)$/m);
      // Read back with Info-ZIP's unzip: the archive is valid and holds exactly report-dir.
      const zipFile = join(run.workspace, 'artifact.zip');
      await writeFile(zipFile, stored.blob!);
      await execFileP('unzip', ['-tq', zipFile]);
      const listed = (await execFileP('zipinfo', ['-1', zipFile])).stdout.trim().split('\n').sort();
      expect(listed).toEqual((await readdir(run.outputs['report-dir'])).sort());
      const unzipped = (await execFileP('unzip', ['-p', zipFile, 'report.json'], { maxBuffer: 8 * 1024 * 1024 })).stdout;
      expect(unzipped).toBe(await readFile(run.outputs.report, 'utf8'));
    });

    it('an artifact service that fails is a warning: the verdict and the exit code stand, the reports stay in report-dir', async () => {
      artifacts.setOutage(true);
      try {
        const run = await runAction({ config: SEED_CONFIG, 'base-url': service.url, 'artifact-name': 'smoke-report-outage' }, runner());
        expect(run.code).toBe(0);
        expect(run.outputs.verdict).toBe('passed');
        expect(run.outputs['artifact-id']).toBeUndefined();
        expect(run.stdout).toMatch(/^::warning title=smokeguard::could not upload the reports as artifact smoke-report-outage: CreateArtifact answered 503: simulated outage\. They are in .*smoke-report\.$/m);
      } finally {
        artifacts.setOutage(false);
      }
    });

    it('a name already taken in the run is said plainly; artifact-name empty uploads nothing', async () => {
      const taken = await runAction({ config: SEED_CONFIG, 'base-url': service.url }, runner());
      expect(taken.code).toBe(0);
      expect(taken.stdout).toMatch(/^::warning title=smokeguard::could not upload the reports as artifact smoke-report: CreateArtifact answered 409: an artifact with this name already exists on the workflow run\./m);
      const calls = artifacts.calls.length;
      const none = await runAction({ config: SEED_CONFIG, 'base-url': service.url, 'artifact-name': '' }, runner());
      expect(none.code).toBe(0);
      expect(artifacts.calls.length).toBe(calls);
    });
  });
});
