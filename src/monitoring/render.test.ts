import { describe, expect, test } from 'vitest';
import type { CheckStatus, RunResult } from '../core/types.js';
import { blockedRun, criticalRun, errorRun, HOSTILE, passedRun, timedOutRun, warningRun } from '../../test/helpers/report-fixtures.js';
import { health, rollbackOutcome, run } from '../../test/helpers/result-builder.js';
import { parseExposition, sampleWith, samplesOf, type ParsedFamily } from '../../test/monitoring/exposition-parser.js';
import { escapeHelp, escapeLabelValue, formatExposition, formatValue } from './exposition.js';
import { renderPrometheus } from './render.js';

const STATUSES: CheckStatus[] = ['passed', 'failed', 'timed_out', 'error', 'blocked', 'skipped'];

function value(f: Map<string, ParsedFamily>, name: string, match: Record<string, string> = {}): number {
  return sampleWith(f, name, match).value;
}

/** The check-level facts every run must show, whatever its scenario. */
function expectChecksMatch(f: Map<string, ParsedFamily>, r: RunResult): void {
  for (const c of r.checks) {
    for (const s of STATUSES) expect(value(f, 'smokeguard_check_status', { check: c.name, status: s }), `${c.name} ${s}`).toBe(s === c.status ? 1 : 0);
    if (c.status === 'skipped') {
      expect(samplesOf(f, 'smokeguard_check_success').some((s) => s.labels.check === c.name)).toBe(false);
      continue;
    }
    const id = { check: c.name, kind: c.kind, type: c.type, required: String(c.required) };
    expect(value(f, 'smokeguard_check_success', id), c.name).toBe(c.status === 'passed' ? 1 : 0);
    expect(value(f, 'smokeguard_check_duration_seconds', id)).toBe(c.durationMs / 1000);
  }
  const counts = { passed: r.summary.passed, failed: r.summary.failed, timed_out: r.summary.timedOut, error: r.summary.errors, blocked: r.summary.blocked, skipped: r.summary.skipped };
  for (const s of STATUSES) expect(value(f, 'smokeguard_checks', { status: s }), s).toBe(counts[s]);
}

describe('renderPrometheus', () => {
  test.each([
    { name: 'passed', make: passedRun, success: 1, verdict: 'passed', decision: ['none', 'none'], rollback: undefined },
    { name: 'warning (optional check timed out, optional dependency refused)', make: warningRun, success: 1, verdict: 'warning', decision: ['none', 'none'], rollback: undefined },
    { name: 'critical with a rollback that succeeded', make: criticalRun, success: 0, verdict: 'critical', decision: ['rollback', 'immediate'], rollback: 'succeeded' },
    { name: 'timed out at the deadline', make: timedOutRun, success: 0, verdict: 'critical', decision: ['rollback', 'awaiting_confirmation'], rollback: undefined },
    { name: 'machinery error (hostile reason)', make: errorRun, success: 1, verdict: 'warning', decision: ['none', 'none'], rollback: undefined },
    { name: 'blocked and skipped checks', make: blockedRun, success: 0, verdict: 'critical', decision: ['rollback', 'awaiting_confirmation'], rollback: undefined },
  ])('$name', ({ make, success, verdict, decision, rollback }) => {
    const r = make();
    const f = parseExposition(renderPrometheus(r));
    for (const family of f.values()) {
      expect(family.help, family.name).toBeTruthy();
      expect(family.type, family.name).toBe('gauge');
      expect(family.name).toMatch(/^smokeguard_/);
    }
    expect(value(f, 'smokeguard_run_success')).toBe(success);
    for (const v of ['passed', 'warning', 'critical']) expect(value(f, 'smokeguard_run_verdict', { verdict: v })).toBe(v === verdict ? 1 : 0);
    expect(value(f, 'smokeguard_run_duration_seconds')).toBe(r.durationMs / 1000);
    expect(value(f, 'smokeguard_run_timestamp_seconds')).toBe(Date.parse(r.finishedAt) / 1000);
    expect(value(f, 'smokeguard_run_deadline_reached')).toBe(r.deadlineReached ? 1 : 0);
    expect(value(f, 'smokeguard_checks_by_severity', { severity: 'critical' })).toBe(r.summary.critical);
    expect(samplesOf(f, 'smokeguard_rollback_decision').filter((s) => s.value === 1).map((s) => [s.labels.action, s.labels.mode])).toEqual([decision]);
    expect(samplesOf(f, 'smokeguard_rollback_decision')).toHaveLength(4);
    if (rollback) expect(samplesOf(f, 'smokeguard_rollback_status')).toMatchObject([{ labels: { status: rollback }, value: 1 }]);
    else expect(f.has('smokeguard_rollback_status')).toBe(false);
    expectChecksMatch(f, r);
  });

  test('target labels and static labels are on every series; static labels win', () => {
    const r = run([health('api')], { target: { baseUrl: 'https://deploy:hunter22@api.example.test/app/?token=abc#x', environment: 'staging', deployment: 'django', namespace: 'web' } });
    const f = parseExposition(renderPrometheus(r, { cluster: 'eu-1', environment: 'staging-eu' }));
    for (const family of f.values()) {
      for (const s of family.samples) {
        expect(s.labels, `${s.name}`).toMatchObject({ target: 'https://api.example.test/app/', environment: 'staging-eu', deployment: 'django', namespace: 'web', cluster: 'eu-1' });
      }
    }
  });

  test('absent target fields are absent labels, not empty ones', () => {
    const text = renderPrometheus(run([health('api')], { target: {} }));
    expect(text).not.toMatch(/=""/);
    expect(sampleWith(parseExposition(text), 'smokeguard_run_success', {}).labels).toEqual({});
  });

  test.each([
    ['quotes, backslashes and a newline', 'db "primary"\\replica\nnext'],
    ['text that would close the label set', 'x"} 1\nsmokeguard_run_success 1'],
    ['markup and control characters', HOSTILE],
    ['non-ASCII', 'café-ü-✓'],
  ])('a check named with %s stays one label value', (_case, name) => {
    const f = parseExposition(renderPrometheus(run([health(name).fails(503)])));
    expect(value(f, 'smokeguard_check_success', { check: name })).toBe(0);
    expect(value(f, 'smokeguard_check_status', { check: name, status: 'failed' })).toBe(1);
    expect(samplesOf(f, 'smokeguard_run_success')).toHaveLength(1);
  });

  test.each([
    ['a failed rollback', rollbackOutcome({ status: 'failed', message: 'kubectl said no', alertOps: true }), 'failed'],
    ['a succeeded rollback', rollbackOutcome(), 'succeeded'],
  ])('rollback record: %s', (_case, rollback, status) => {
    const f = parseExposition(renderPrometheus(run([health('api').fails(500)], { rollback })));
    expect(samplesOf(f, 'smokeguard_rollback_status')).toMatchObject([{ labels: { status }, value: 1 }]);
  });

  test('duplicate check names still give a valid exposition (first wins)', () => {
    const r = run([health('api'), health('api').fails(500)]);
    const f = parseExposition(renderPrometheus(r));
    expect(value(f, 'smokeguard_check_success', { check: 'api' })).toBe(1);
  });

  test.each(['check', 'status', 'verdict'])('a static label named %s is refused (it would collide)', (label) => {
    expect(() => renderPrometheus(passedRun(), { [label]: 'x' })).toThrow(`label "${label}"`);
  });
});

describe('exposition primitives', () => {
  test.each([
    ['plain', 'abc', 'abc'],
    ['quote', 'a"b', 'a\\"b'],
    ['backslash', 'a\\b', 'a\\\\b'],
    ['newline', 'a\nb', 'a\\nb'],
    ['tab and unicode are literal', 'a\tü', 'a\tü'],
  ])('label value: %s', (_c, input, out) => expect(escapeLabelValue(input)).toBe(out));

  test('HELP escapes backslash and newline, not quotes', () => {
    expect(escapeHelp('a "b" \\ c\nd')).toBe('a "b" \\\\ c\\nd');
  });

  test.each([
    [1, '1'], [0.25, '0.25'], [1795876335.4, '1795876335.4'], [1e-7, '1e-7'], [Infinity, '+Inf'], [-Infinity, '-Inf'], [NaN, 'NaN'],
  ])('value %s', (n, out) => expect(formatValue(n)).toBe(out));

  test('invalid names are refused; empty families are left out', () => {
    expect(() => formatExposition([{ name: 'bad-name', help: 'h', type: 'gauge', samples: [{ labels: {}, value: 1 }] }])).toThrow('invalid metric name');
    expect(() => formatExposition([{ name: 'ok', help: 'h', type: 'gauge', samples: [{ labels: { __x: 'y' }, value: 1 }] }])).toThrow('invalid label name');
    expect(formatExposition([{ name: 'ok', help: 'h', type: 'gauge', samples: [] }])).toBe('');
  });
});
