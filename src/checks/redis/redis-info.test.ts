import { describe, expect, it } from 'vitest';
import { describeInfoMismatch, infoAssertions, parseInfo } from './redis-info.js';

const INFO = '# Server\r\nredis_version:7.0.15\r\n\r\n# Replication\r\nrole:master\r\nconnected_slaves:0\r\n';

describe('INFO assertions', () => {
  const cases: Array<{ name: string; expected: Record<string, string | number>; passed: boolean; reason: string }> = [
    { name: 'role matches', expected: { role: 'master' }, passed: true, reason: '' },
    { name: 'number compared as text', expected: { connected_slaves: 0 }, passed: true, reason: '' },
    { name: 'role differs', expected: { role: 'slave' }, passed: false, reason: "INFO role is 'master', expected 'slave'" },
    { name: 'field missing', expected: { loading: 0 }, passed: false, reason: "INFO has no field 'loading' (expected '0')" },
  ];
  it.each(cases)('$name', ({ expected, passed, reason }) => {
    const assertions = infoAssertions(parseInfo(INFO), expected);
    expect(assertions.every((a) => a.passed)).toBe(passed);
    expect(describeInfoMismatch(assertions)).toBe(reason);
  });

  it('skips section headings and blank lines', () => {
    expect(parseInfo(INFO)).toEqual({ redis_version: '7.0.15', role: 'master', connected_slaves: '0' });
  });
});
