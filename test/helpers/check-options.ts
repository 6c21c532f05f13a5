import * as z from 'zod';
import type { CheckType, CommonCheckOptions } from '../../src/checks/check-type.js';
import { checkBaseShape } from '../../src/config/check-base.js';

/**
 * Parses a dependency-check entry the way the config schema does (base fields + the type's
 * options, strict, defaults applied), so tests call `run` with exactly what a config yields.
 */
export function checkOptions(type: CheckType, entry: Record<string, unknown>): CommonCheckOptions {
  const schema = z.strictObject({ ...checkBaseShape(), type: z.literal(type.type), ...type.options });
  return schema.parse({ name: 'under test', type: type.type, ...entry }) as CommonCheckOptions;
}

/** The problems the schema reports for an entry, as `path: message` lines. */
export function checkOptionProblems(type: CheckType, entry: Record<string, unknown>): string[] {
  const schema = z.strictObject({ ...checkBaseShape(), type: z.literal(type.type), ...type.options });
  const parsed = schema.safeParse({ name: 'under test', type: type.type, ...entry });
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}
