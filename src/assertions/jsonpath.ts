import type { Observed } from './matchers.js';

type JSONPathFn = typeof import('jsonpath-plus').JSONPath;
let jsonPath: JSONPathFn | undefined;

/**
 * The first value at a JSONPath (`$.data.id`, `$.items[0].name`, `$.checks[?(@.name=='db')].status`),
 * or not found. Filters run in jsonpath-plus's "safe" evaluator (no JavaScript eval). A path the
 * library rejects is not found, with the reason in `error`. The library loads on first use.
 */
export async function queryJson(document: unknown, path: string): Promise<Observed> {
  if (document === undefined) return { found: false, value: undefined };
  jsonPath ??= (await import('jsonpath-plus')).JSONPath;
  try {
    const values = jsonPath({ path, json: document as object, wrap: true, eval: 'safe' }) as unknown[];
    return values.length ? { found: true, value: values[0] } : { found: false, value: undefined };
  } catch (err) {
    return { found: false, value: undefined, error: `JSONPath ${path} cannot be evaluated: ${err instanceof Error ? err.message : String(err)}` };
  }
}
