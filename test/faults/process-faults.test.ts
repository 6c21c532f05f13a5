import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/core/types.js';
import { startHttpTarget, type HttpTarget } from '../helpers/http-target.js';
import { CLI, expectNoNodeWarning, runCli, writeConfig } from '../helpers/cli.js';

/** Faults around the process: two runs into one report directory, a closed stdout, hostile nesting. */
let target: HttpTarget;
beforeAll(async () => {
  target = await startHttpTarget({ '/health': { body: { status: 'ok' } }, '/down': { status: 503, body: { status: 'down' } } });
});
afterAll(() => target.close());

describe('reports', () => {
  it('two runs into one --report-dir leave one run\'s complete set, never a torn file', async () => {
    // Big enough reports that unsynchronised writes would interleave.
    const checks = Array.from({ length: 150 }, (_, i) => ({ name: `check-${i}`, endpoint: i % 2 ? '/health' : '/down', required: false }));
    const { dir, file } = await writeConfig({ base_url: target.url, health_checks: checks });
    const reports = join(dir, 'reports');
    for (let round = 0; round < 3; round++) {
      const runs = await Promise.all(['a', 'b'].map((id) => runCli(['run', '--config', file, '--report-dir', reports, '--run-id', `run-${round}-${id}`])));
      for (const r of runs) expect(r.code, r.stderr).toBe(0);
      const report = JSON.parse(readFileSync(join(reports, 'report.json'), 'utf8')) as RunResult;
      expect(report.runId).toMatch(new RegExp(`^run-${round}-[ab]$`));
      for (const other of ['junit.xml', 'report.md', 'report.html']) {
        const text = readFileSync(join(reports, other), 'utf8');
        expect(text, other).toContain(report.runId);
        expect(text, other).not.toContain(report.runId === `run-${round}-a` ? `run-${round}-b` : `run-${round}-a`);
      }
      expect(report.checks).toHaveLength(150);
      // The surviving set is a whole run's verdict: half the optional checks answered 503.
      expect(report.verdict).toBe('warning');
      expect(report.summary).toMatchObject({ total: 150, passed: 75, failed: 75 });
      expect(readdirSync(reports).sort()).toEqual(['junit.xml', 'report.html', 'report.json', 'report.md']);
    }
  }, 60_000);
});

describe('a closed stdout', () => {
  it.each([['schema'], ['--help']])('smokeguard %s | head -c 10 ends quietly', async (command) => {
    const out = await new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) => {
      // bash's PIPESTATUS[0]: smokeguard's own exit code, not head's.
      const child = spawn('bash', ['-c', `"${process.execPath}" "${CLI}" ${command} | head -c 10; echo " exit=\${PIPESTATUS[0]}"`], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expectNoNodeWarning(out.stderr);
    expect(out.stderr).toBe('');
    expect(out.stdout).toHaveLength(10 + ' exit=0\n'.length);
  });

  it('the smokeguard process itself exits 0 when its reader goes away', async () => {
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [CLI, 'schema'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.stdout.once('data', () => child.stdout.destroy());
      child.on('close', (c) => {
        expectNoNodeWarning(stderr);
        expect(stderr).toBe('');
        resolve(c);
      });
    });
    expect(code).toBe(0);
  });
});

describe('hostile nesting', () => {
  it.each([
    { name: 'JSON', file: 'smokeguard.json', text: (deep: string) => `{"base_url":"http://127.0.0.1:1","health_checks":[{"name":"a","endpoint":"/","payload":${deep}}]}`, at: /smokeguard\.json:1:\d+: health_checks\[0\]\.payload(\[0\])+: nested deeper than 64 levels/ },
    { name: 'YAML', file: 'smokeguard.yaml', text: (deep: string) => `base_url: http://127.0.0.1:1\nhealth_checks:\n  - name: a\n    endpoint: /\n    payload: ${deep}\n`, at: /smokeguard\.yaml:5:\d+: health_checks\[0\]\.payload(\[0\])+: nested deeper than 64 levels/ },
  ])('$name nested 5,000 deep: exit 2 naming the field path, no stack overflow', async ({ file, text, at }) => {
    const deep = `${'['.repeat(5000)}1${']'.repeat(5000)}`;
    const { dir } = await writeConfig(text(deep), file);
    const run = await runCli(['validate', '--config', file], { cwd: dir });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(at);
    expect(run.stderr).not.toMatch(/Maximum call stack|malformed/);
  });
});
