import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../config/load.js';
import { ConfigError } from '../../config/config-error.js';
import { quantile } from '../../util/quantile.js';
import { formatValue, parseThreshold, reduceSamples } from './threshold.js';
import { seriesName } from './judge.js';

describe('threshold grammar', () => {
  const table: Array<[string, ReturnType<typeof parseThreshold>]> = [
    ['< 0.01', { text: '< 0.01', aggregate: undefined, op: '<', value: 0.01, unit: undefined }],
    ['p99 < 0.5 s', { text: 'p99 < 0.5 s', aggregate: { quantile: 0.99 }, op: '<', value: 0.5, unit: 's' }],
    ['p99.9<250ms', { text: 'p99.9<250ms', aggregate: { quantile: 0.999 }, op: '<', value: 0.25, unit: 'ms' }],
    ['>= 99.9 %', { text: '>= 99.9 %', aggregate: undefined, op: '>=', value: 0.999, unit: '%' }],
    ['max <= 2 m', { text: 'max <= 2 m', aggregate: 'max', op: '<=', value: 120, unit: 'm' }],
    ['mean = 1', { text: 'mean = 1', aggregate: 'avg', op: '==', value: 1, unit: undefined }],
    ['!= 0', { text: '!= 0', aggregate: undefined, op: '!=', value: 0, unit: undefined }],
    ['< 1e-3', { text: '< 1e-3', aggregate: undefined, op: '<', value: 0.001, unit: undefined }],
    ['0.01', undefined],
    ['< fast', undefined],
    ['p0 < 1', undefined],
    ['median < 1', undefined],
    ['< 1 h', undefined],
  ];
  for (const [text, expected] of table) {
    it(JSON.stringify(text), () => expect(parseThreshold(text)).toEqual(expected));
  }
});

describe('reducing a range to the value judged', () => {
  // numpy.quantile([1, 2, 3, 4, 10], q) (linear, the default): 0.5 → 3, 0.9 → 7.6, 0.99 → 9.76.
  it('quantiles match numpy\'s linear definition', () => {
    const sorted = [1, 2, 3, 4, 10];
    expect(quantile(sorted, 0.5)).toBe(3);
    expect(quantile(sorted, 0.9)).toBeCloseTo(7.6, 10);
    expect(quantile(sorted, 0.99)).toBeCloseTo(9.76, 10);
  });

  it('without an aggregate the worst sample for the comparison is judged', () => {
    const values = [0.001, 0.2, 0.003];
    expect(reduceSamples(values, parseThreshold('< 0.01')!)).toBe(0.2);
    expect(reduceSamples(values, parseThreshold('> 0.0001')!)).toBe(0.001);
    expect(reduceSamples(values, parseThreshold('== 0.001')!)).toBe(0.2);
    expect(reduceSamples(values, parseThreshold('avg < 1')!)).toBeCloseTo(0.068, 10);
    expect(reduceSamples(values, parseThreshold('last < 1')!)).toBe(0.003);
  });

  it('values are shown in the threshold\'s unit', () => {
    expect(formatValue(0.31, 'ms')).toBe('310 ms');
    expect(formatValue(0.0523, '%')).toBe('5.23 %');
    expect(formatValue(0.000123)).toBe('0.000123');
    expect(formatValue(Number.POSITIVE_INFINITY, 's')).toBe('Infinity');
  });
});

it('a series is named as PromQL writes it: the metric, then its labels sorted', () => {
  expect(seriesName({ pod: 'web-2', __name__: 'http_error_ratio', job: 'app' })).toBe('http_error_ratio{job="app", pod="web-2"}');
  expect(seriesName({})).toBe('{}');
});

describe('prometheus config', () => {
  const problems = (check: Record<string, unknown>) => {
    try {
      validateConfig({ dependency_checks: [{ name: 'errors', type: 'prometheus', url: 'http://127.0.0.1:9090', ...check }] }, { env: {} });
      return [];
    } catch (err) {
      if (err instanceof ConfigError) return err.problems.map((p) => `${p.path}: ${p.message}`);
      throw err;
    }
  };

  it('keeps ${deployment}, ${namespace} and ${revision} in the query for the run to fill', () => {
    const { config } = validateConfig({ dependency_checks: [{ name: 'e', type: 'prometheus', url: 'http://p:9090', query: 'x{pod=~"${deployment}-.*",ns="${namespace}",v="${revision}",env="${REGION}"}', threshold: '< 1' }] }, { env: { REGION: 'eu' } });
    expect((config.dependency_checks[0] as unknown as { query: string }).query).toBe('x{pod=~"${deployment}-.*",ns="${namespace}",v="${revision}",env="eu"}');
  });

  it('reports a bad threshold, both auths at once and other variables with their paths', () => {
    expect(problems({ query: 'up{x="${OTHER}"}', threshold: 'under 1', basic_auth: { username: 'a', password: 'b-secret' }, bearer_token: 't-token' })).toEqual([
      'dependency_checks[0].query: ${OTHER} is not set: define it under variables or in the environment (or use ${OTHER:-default})',
      'dependency_checks[0].threshold: expected a comparison like "< 0.01", "p99 < 0.5 s", ">= 99.9 %" or "max <= 250 ms", got string "under 1"',
      // Every problem at once: the rule the schema cannot express is judged beside its problems.
      'dependency_checks[0].bearer_token: set one of basic_auth and bearer_token, not both',
    ]);
    expect(problems({ query: 'up', threshold: '== 1', basic_auth: { username: 'a', password: 'b-secret' }, bearer_token: 't-token' })).toEqual(['dependency_checks[0].bearer_token: set one of basic_auth and bearer_token, not both']);
  });
});
