import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { annotations, MAX_ANNOTATIONS } from '../../action/annotations.mjs';
import { command, escapeData, escapeProperty, getInput, setOutput } from '../../action/github.mjs';
import { splitArgs } from '../../action/main.mjs';
import { parseOutputs } from './outputs.js';

describe('the runner protocols, as @actions/core speaks them', () => {
  it.each([
    ['plain', 'readiness returned 503', 'readiness returned 503', 'readiness returned 503'],
    ['percent first, so escapes are not re-escaped', '100% down', '100%25 down', '100%25 down'],
    ['newlines and carriage returns', 'a\r\nb', 'a%0D%0Ab', 'a%0D%0Ab'],
    ['colon and comma only in properties', 'http://x:80/a,b', 'http://x:80/a,b', 'http%3A//x%3A80/a%2Cb'],
    ['a workflow command smuggled into a reason stays data', 'ok\n::set-env name=X::1', 'ok%0A::set-env name=X::1', 'ok%0A%3A%3Aset-env name=X%3A%3A1'],
  ])('%s', (_name, input, data, property) => {
    expect(escapeData(input)).toBe(data);
    expect(escapeProperty(input)).toBe(property);
  });

  it('commands: ::level props::message', () => {
    expect(command('error', 'got 503\nbody: down', { title: 'smokeguard: readiness, failed' })).toBe('::error title=smokeguard%3A readiness%2C failed::got 503%0Abody: down');
    expect(command('warning', 'slow')).toBe('::warning::slow');
  });

  it('inputs: INPUT_ plus the name upper-cased, hyphens kept, trimmed', () => {
    expect(getInput('base-url', { 'INPUT_BASE-URL': ' http://x \n' })).toBe('http://x');
    expect(getInput('fail-on', {})).toBe('');
  });

  it('outputs: heredoc form with a fresh random delimiter, multi-line values intact', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'gh-out-')), 'output');
    setOutput(file, 'verdict', 'critical');
    setOutput(file, 'report', 'line 1\nline 2');
    const text = await readFile(file, 'utf8');
    const delimiters = [...text.matchAll(/<<(ghadelimiter_\S+)/g)].map((m) => m[1]);
    expect(new Set(delimiters).size).toBe(2);
    expect(parseOutputs(text)).toEqual({ verdict: 'critical', report: 'line 1\nline 2' });
  });

  it('args: split like a shell splits words and quotes', () => {
    expect(splitArgs(`--wait-for-rollout --deployment django --only "basic health" 'user login'`)).toEqual(['--wait-for-rollout', '--deployment', 'django', '--only', 'basic health', 'user login']);
    expect(splitArgs('')).toEqual([]);
  });
});

describe('annotations', () => {
  const check = (name: string, severity: string, status = 'failed', reason?: string) => ({ name, kind: 'health', status, severity, ...(reason ? { reason } : {}) });

  it('critical checks become ::error, optional ones ::warning, passed ones nothing', () => {
    const lines = annotations({ verdict: 'critical', checks: [check('liveness', 'warning', 'timed_out', 'no answer within 5 s'), check('readiness', 'critical', 'failed', 'status: expected 200, got 503'), check('basic-health', 'none', 'passed')] });
    expect(lines).toEqual([
      '::error title=smokeguard%3A readiness failed::status: expected 200, got 503',
      '::warning title=smokeguard%3A liveness timed out (optional)::no answer within 5 s',
    ]);
  });

  it(`at most ${MAX_ANNOTATIONS}, critical first, the last one saying how many were left out`, () => {
    const checks = [...Array.from({ length: 8 }, (_, i) => check(`w${i}`, 'warning')), ...Array.from({ length: 6 }, (_, i) => check(`c${i}`, 'critical'))];
    const lines = annotations({ verdict: 'critical', checks });
    expect(lines).toHaveLength(MAX_ANNOTATIONS);
    expect(lines.slice(0, 6).every((l) => l.startsWith('::error '))).toBe(true);
    expect(lines.at(-1)).toBe('::warning title=smokeguard::5 more failed checks: see the job summary and report.json');
  });

  it('a deployment that did not complete is one ::error, not a list of skipped checks', () => {
    const lines = annotations({ verdict: 'passed', checks: [check('readiness', 'none', 'skipped')], rollout: { status: 'failed', message: 'deployment "django" exceeded its progress deadline' } });
    expect(lines).toEqual(['::error title=smokeguard%3A the deployment did not complete its rollout::deployment "django" exceeded its progress deadline']);
  });
});
