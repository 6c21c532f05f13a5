import type { RunResult } from '../core/types.js';

/** report.json: the run result as is (versioned by `schemaVersion`, already redacted). */
export function renderJson(result: RunResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
