import { describe, expect, test } from 'vitest';
import { blockedRun, criticalRun, errorRun, passedRun, timedOutRun, warningRun } from '../../test/helpers/report-fixtures.js';
import { expectValidReport } from '../../test/helpers/report-json.js';
import { reportJsonSchema, validateReport } from './report-schema.js';

describe('report.json schema', () => {
  test.each([
    ['passed', passedRun], ['warning', warningRun], ['critical with rollback, notifications and incident', criticalRun],
    ['timed out', timedOutRun], ['machinery error', errorRun], ['blocked', blockedRun],
  ])('the %s run validates against the model and the published JSON Schema', (_name, make) => {
    expectValidReport(JSON.parse(JSON.stringify(make())));
  });

  test('the published schema types the stages\' records: no field is left open', () => {
    const schema = reportJsonSchema() as { $schema: string; properties: Record<string, Record<string, unknown>>; required: string[] };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.required).toEqual(expect.arrayContaining(['schemaVersion', 'runId', 'verdict', 'checks', 'decision', 'timeline']));
    expect(schema.properties.rollback).toMatchObject({ type: 'object', required: expect.arrayContaining(['status', 'message', 'alertOps']) });
    expect(schema.properties.incident).toMatchObject({ type: 'object', required: expect.arrayContaining(['provider', 'id', 'created']) });
    expect(schema.properties.rollback).toMatchObject({ properties: { status: { enum: expect.arrayContaining(['succeeded', 'failed', 'confirmation_timeout']) } } });
    expect(schema.properties.findings).toMatchObject({ type: 'array', items: { required: expect.arrayContaining(['rule', 'title', 'issue', 'impact', 'remediation']) } });
    expect(schema.properties.notifications).toMatchObject({ type: 'array', items: { required: expect.arrayContaining(['channel', 'status', 'event']) } });
    expect(schema.properties.monitoring).toMatchObject({ type: 'array', items: { properties: { sink: { enum: ['pushgateway', 'textfile'] } } } });
  });

  test.each([
    ['a guessed rollback shape', (r: Record<string, unknown>) => { r.rollback = { ok: true, fromImage: 'x' }; }, /^rollback\.status: /],
    ['a notification without its outcome fields', (r: Record<string, unknown>) => { r.notifications = [{ channel: 'ops', ok: true }]; }, /^notifications\[0\]\.type: /],
    ['an unknown check status', (r: Record<string, unknown>) => { (r.checks as Array<Record<string, unknown>>)[0].status = 'green'; }, /^checks\[0\]\.status: /],
    ['a missing verdict', (r: Record<string, unknown>) => { delete r.verdict; }, /^verdict: /],
  ])('%s is named with its path', (_name, spoil, problem) => {
    const report = JSON.parse(JSON.stringify(criticalRun())) as Record<string, unknown>;
    spoil(report);
    const problems = validateReport(report);
    expect(problems.some((p) => problem.test(p)), problems.join('\n')).toBe(true);
  });

  test('a value that is not a report at all is one clear problem', () => {
    expect(validateReport('report')).toEqual([expect.stringMatching(/^\(report\): /)]);
  });
});
