import type { AssertionResult } from '../../core/types.js';

/** Parses the text of `INFO`: `# Section` headings and `field:value` lines. */
export function parseInfo(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    if (!line || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon > 0) fields[line.slice(0, colon)] = line.slice(colon + 1);
  }
  return fields;
}

/**
 * Compares INFO fields with what the config expects (`expect_info: { role: master }`).
 * Values are compared as text, since INFO has no types; a field INFO lacks fails too.
 */
export function infoAssertions(info: Record<string, string>, expected: Record<string, string | number | boolean>): AssertionResult[] {
  return Object.entries(expected).map(([field, want]) => {
    const actual = info[field];
    return { name: `info ${field}`, expected: String(want), actual: actual ?? null, passed: actual === String(want) };
  });
}

/** "INFO role is 'slave', expected 'master'" for each failed assertion, joined. */
export function describeInfoMismatch(assertions: AssertionResult[]): string {
  return assertions
    .filter((a) => !a.passed)
    .map((a) => (a.actual === null ? `INFO has no field '${a.name.slice(5)}' (expected '${String(a.expected)}')` : `INFO ${a.name.slice(5)} is '${String(a.actual)}', expected '${String(a.expected)}'`))
    .join('; ');
}
