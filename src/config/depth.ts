/**
 * Bounds how deeply a config nests. Parsers and tree walks recurse; a value wrapped in itself a
 * few thousand times (a bad template, a fuzzer, a generated file gone wrong) would otherwise end
 * in "Maximum call stack size exceeded". No real config comes near the bound: the deepest
 * fields (a path step's payload) sit about five levels down.
 */
export const MAX_CONFIG_DEPTH = 64;

export const depthMessage = `nested deeper than ${MAX_CONFIG_DEPTH} levels (expected at most ${MAX_CONFIG_DEPTH}): is a value wrapped in itself?`;

/** The text with `span` blanked out (a `0` and spaces, newlines kept): offsets and lines stay where they were. */
export function blankOut(text: string, span: { start: number; end: number }): string {
  const blank = text.slice(span.start, span.end).replace(/[^\n]/g, ' ');
  return `${text.slice(0, span.start)}0${blank.slice(1)}${text.slice(span.end)}`;
}

/** The path of the first value deeper than the bound, walking without recursion; undefined when within it. */
export function tooDeepAt(data: unknown, max = MAX_CONFIG_DEPTH): PropertyKey[] | undefined {
  const stack: Array<{ node: unknown; path: PropertyKey[] }> = [{ node: data, path: [] }];
  while (stack.length) {
    const { node, path } = stack.pop()!;
    if (!node || typeof node !== 'object') continue;
    if (path.length >= max) return path;
    const entries: Array<[PropertyKey, unknown]> = Array.isArray(node) ? node.map((v, i) => [i, v]) : Object.entries(node);
    for (let i = entries.length - 1; i >= 0; i--) stack.push({ node: entries[i]![1], path: [...path, entries[i]![0]] });
  }
  return undefined;
}

/**
 * The offset in a JSON or YAML text where flow collections (`[`, `{`) open deeper than the bound,
 * and where that collection ends: the span a parser would recurse into. Quoted strings and
 * comments are skipped. Block-style YAML nesting is not counted (its indentation makes it
 * impractical to nest that deep).
 */
export function tooDeepSpan(text: string, max = MAX_CONFIG_DEPTH): { start: number; end: number } | undefined {
  let depth = 0;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if ((c === '"' || c === "'") && (i === 0 || /[\s[{,:]/.test(text[i - 1]!))) {
      for (i++; i < text.length && text[i] !== c; i++) if (c === '"' && text[i] === '\\') i++;
    } else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '[' || c === '{') {
      depth++;
      if (depth > max && start < 0) start = i;
    } else if ((c === ']' || c === '}') && depth > 0) {
      depth--;
      if (start >= 0 && depth === max) return { start, end: i + 1 };
    }
  }
  return start >= 0 ? { start, end: text.length } : undefined;
}
