import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUNS, blockedRun, criticalRun, errorRun, passedRun, timedOutRun, warningRun } from '../../test/helpers/report-fixtures.js';
import { health, run } from '../../test/helpers/result-builder.js';
import { render, render as renderJunit } from './junit.js';

const XSD = join(import.meta.dirname, '../../test/fixtures/junit-jenkins.xsd');
const dir = mkdtempSync(join(tmpdir(), 'smokeguard-junit-'));

/** Validates with xmllint against the Jenkins JUnit schema; returns xmllint's complaint, or '' when valid. */
function validate(name: string, xml: string): string {
  const file = join(dir, `${name}.xml`);
  writeFileSync(file, xml);
  try {
    execFileSync('xmllint', ['--noout', '--schema', XSD, file], { stdio: 'pipe' });
    return '';
  } catch (err) {
    return String((err as { stderr?: Buffer }).stderr ?? err);
  }
}

/** The element a testcase holds, e.g. `failure type="timeout"`, or 'passed'. */
function outcomeOf(xml: string, check: string): string {
  const m = new RegExp(`<testcase name="${check}"[^>]*?(/>|>\\s*<(failure|error|skipped|system-out)((?: type="[^"]*")?))`).exec(xml);
  if (!m) throw new Error(`no testcase ${check}`);
  return m[1] === '/>' || m[2] === 'system-out' ? 'passed' : `${m[2]}${m[3]}`;
}

describe('junit.xml', () => {
  it.each(RUNS)('$name run is valid against the Jenkins JUnit schema', ({ name, make }) => {
    expect(validate(name, render(make()))).toBe('');
  });

  it('a passing check carries its summary in system-out', () => {
    expect(render(passedRun())).toContain('<testcase name="database" classname="smokeguard.dependency.postgres" time="0.030">\n      <system-out>PostgreSQL 16.4</system-out>\n    </testcase>');
  });

  it.each([
    { name: 'passed', make: passedRun, expected: { 'basic-health': 'passed', 'core-api': 'passed' } },
    { name: 'required failure is a <failure>', make: criticalRun, expected: { readiness: 'failure type="failure"', database: 'failure type="failure"' } },
    { name: 'timeout says so', make: criticalRun, expected: { auth: 'failure type="timeout"' } },
    { name: 'optional failure is a warning', make: warningRun, expected: { 'redis-cache': 'failure type="warning"', liveness: 'failure type="timeout"' } },
    { name: 'machinery error is an <error>', make: errorRun, expected: { 'message-queue': 'error type="error"' } },
    { name: 'blocked and skipped are <skipped>', make: blockedRun, expected: { 'core-api': 'skipped', reports: 'skipped' } },
  ])('$name', ({ make, expected }) => {
    const xml = render(make());
    for (const [check, outcome] of Object.entries(expected)) expect(outcomeOf(xml, check), check).toBe(outcome);
  });

  it('one suite per kind, with counts that add up', () => {
    const xml = render(criticalRun());
    expect([...xml.matchAll(/<testsuite name="([^"]+)"/g)].map((m) => m[1])).toEqual(['smokeguard.health', 'smokeguard.dependency', 'smokeguard.path']);
    expect(xml).toMatch(/<testsuite name="smokeguard.dependency" tests="3" failures="2" errors="0" skipped="0"/);
    expect(xml).toMatch(/<testsuites name="smokeguard prod" tests="7" failures="4" errors="0"/);
  });

  it('the timeout message and warnings are visible as such', () => {
    const xml = render(warningRun());
    expect(xml).toContain('message="WARNING (optional): timed out after 5.0 s');
    expect(xml).toContain('message="WARNING (optional): connection refused at 127.0.0.1:6379"');
    expect(xml).toContain('<property name="smokeguard.warnings" value="liveness, redis-cache"/>');
  });

  it('failure bodies carry the finding with its remediation commands', () => {
    const xml = render(criticalRun());
    expect(xml).toContain('Finding [dependency-down-readiness] Database unavailable');
    expect(xml).toContain('Impact: CRITICAL - Service cannot handle requests');
    expect(xml).toContain('kubectl set image deployment/django django=django:v1.21.8-stable -n prod');
    expect(xml).toContain('<property name="smokeguard.rollback" value="succeeded: Rolled back 3/3 pods"/>');
  });

  it('escapes markup and replaces control characters in excerpts', () => {
    const xml = render(criticalRun());
    expect(xml).not.toContain('<script>');
    expect(xml).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(xml).not.toMatch(/[\u0001\u0007]/);
    expect(validate('hostile', xml)).toBe('');
  });

  it('a run deadline shows in the timed-out run', () => {
    expect(outcomeOf(render(timedOutRun()), 'core-api')).toBe('failure type="timeout"');
    expect(render(timedOutRun())).toContain('<property name="smokeguard.deadline_reached" value="true"/>');
  });

  it('the schema rejects what Jenkins would (so the validation can fail)', () => {
    expect(validate('bad', '<testsuites><testsuite name="x"><testcase/></testsuite></testsuites>')).toMatch(/tests|failures|name/);
  });
});

describe('junit suite time', () => {
  it('is the wall time the concurrent checks spanned, never more than the run', () => {
    // Three health checks running at once, 0–3 s each: their durations sum to 9 s, the run took 3.1 s.
    const result = run([health('a').at(0, 3_000), health('b').at(0, 3_000), health('c').at(100, 3_000)]);
    result.durationMs = 3_100;
    const xml = renderJunit(result);
    expect(xml).toMatch(/<testsuite name="smokeguard\.health"[^>]* time="3\.000"/);
    expect(xml).toMatch(/<testsuites[^>]* time="3\.100"/);
  });
});
