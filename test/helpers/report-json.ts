import { readFile } from 'node:fs/promises';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { expect } from 'vitest';
import { reportJsonSchema, validateReport } from '../../src/core/report-schema.js';
import type { RunResult } from '../../src/core/types.js';

let compiled: ReturnType<Ajv2020['compile']> | undefined;

/**
 * Asserts that `value` is a valid report.json twice over: against the result model itself
 * (validateReport) and, through an independent validator (Ajv), against the JSON Schema that
 * `smokeguard schema --report` publishes — so the published schema is proven to fit what
 * the run writes, not only the model it was generated from.
 */
export function expectValidReport(value: unknown): asserts value is RunResult {
  expect(validateReport(value)).toEqual([]);
  expect(schemaProblems(value)).toEqual([]);
}

/** What is wrong with `value` as a report.json, by the model and by the published schema (empty: valid). */
export function reportProblems(value: unknown): string[] {
  return [...validateReport(value), ...schemaProblems(value).map((p) => `schema: ${p}`)];
}

function schemaProblems(value: unknown): string[] {
  compiled ??= new Ajv2020({ strict: false, allErrors: true }).compile(reportJsonSchema());
  const ok = compiled(value);
  return ok ? [] : (compiled.errors ?? []).map((e) => `${e.instancePath || '(report)'} ${e.message ?? ''}`);
}

/** Reads a report.json the run wrote and asserts it is valid (see expectValidReport). */
export async function readReportJson(path: string): Promise<RunResult> {
  const report: unknown = JSON.parse(await readFile(path, 'utf8'));
  expectValidReport(report);
  return report;
}
