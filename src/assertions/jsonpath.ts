import type { Observed } from './matchers.js';

type JSONPathFn = typeof import('jsonpath-plus').JSONPath;
let jsonPath: JSONPathFn | undefined;

/** The first value at a JSONPath (`$.data.id`, `$.items[0].name`), or not found. The library loads on first use. */
export async function queryJson(document: unknown, path: string): Promise<Observed> {
  if (document === undefined) return { found: false, value: undefined };
  jsonPath ??= (await import('jsonpath-plus')).JSONPath;
  try {
    const values = jsonPath({ path, json: document as object, wrap: true, eval: false }) as unknown[];
    return values.length ? { found: true, value: values[0] } : { found: false, value: undefined };
  } catch {
    return { found: false, value: undefined };
  }
}
