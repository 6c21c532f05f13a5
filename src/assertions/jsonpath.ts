import { JSONPath } from 'jsonpath-plus';
import type { Observed } from './matchers.js';

/** The first value at a JSONPath (`$.data.id`, `$.items[0].name`), or not found. */
export function queryJson(document: unknown, path: string): Observed {
  if (document === undefined) return { found: false, value: undefined };
  try {
    const values = JSONPath({ path, json: document as object, wrap: true, eval: false }) as unknown[];
    return values.length ? { found: true, value: values[0] } : { found: false, value: undefined };
  } catch {
    return { found: false, value: undefined };
  }
}
