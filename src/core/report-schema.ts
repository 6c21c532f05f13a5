/**
 * report.json's published JSON Schema (`smokeguard schema --report`) and its validation.
 * Both come from the result model's zod schemas (result-model.ts), the same source as the
 * TypeScript types, so the schema cannot drift from what the run writes.
 */
import * as z from 'zod';
import { REPORT_SCHEMA_VERSION } from './types.js';
import { runResultSchema } from './result-model.js';

/** The JSON Schema (draft 2020-12) of report.json. */
export function reportJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(runResultSchema, { io: 'output', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: `https://smokeguard.dev/schema/report-v${REPORT_SCHEMA_VERSION}.json`,
    title: `smokeguard report.json (schemaVersion ${REPORT_SCHEMA_VERSION})`,
  };
}

/**
 * Checks a parsed report.json (or a RunResult) against the schema. Returns one line per
 * problem, each naming the field path (`checks[2].status: …`); an empty list means valid.
 */
export function validateReport(value: unknown): string[] {
  const parsed = runResultSchema.safeParse(value);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => `${formatPath(issue.path) || '(report)'}: ${issue.message}`);
}

function formatPath(path: PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}
