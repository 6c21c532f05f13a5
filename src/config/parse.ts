import type { Document } from 'yaml';
import { unclosedBracket } from './brackets.js';
import { ConfigError, formatPath, type ConfigProblem } from './config-error.js';
import { blankOut, depthMessage, tooDeepSpan } from './depth.js';

/** A parsed config file and a way back from a field path to its line and column. */
export interface ParsedFile {
  data: unknown;
  locate(path: ReadonlyArray<PropertyKey>): { line: number; column: number } | undefined;
  /** Loads what `locate` needs (the YAML parser for JSON files); call before reporting problems. */
  prepareLocate?(): Promise<void>;
  /** The field path of the value that starts at `offset` (YAML files). */
  pathAt?(offset: number): PropertyKey[];
}

function lineColAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** Node 20's JSON.parse says "at position N"; later versions say "(line L column C)". */
function jsonErrorPosition(text: string, message: string): { line: number; column: number } | undefined {
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /position (\d+)/.exec(message);
  if (pos) return lineColAt(text, Number(pos[1]));
  if (/Unexpected end of JSON input/.test(message)) return lineColAt(text, text.length);
  return undefined;
}

/** The offset a JSON.parse error points at, when it says. */
function jsonErrorOffset(text: string, message: string): number | undefined {
  const pos = /position (\d+)/.exec(message);
  if (pos) return Number(pos[1]);
  return /Unexpected end of JSON input/.test(message) ? text.length : undefined;
}

/**
 * "the { opened at line 4 is never closed", when the parser stopped at a closer of the other
 * kind or at the end of the file with a bracket still open; undefined for any other mistake.
 */
function unclosedProblem(text: string, offset: number | undefined, yaml: boolean): ConfigProblem | undefined {
  if (offset === undefined) return undefined;
  const at = text.slice(offset).trimStart()[0];
  if (!yaml && at !== undefined && at !== '}' && at !== ']') return undefined; // e.g. a missing comma, not a missing closer
  const open = unclosedBracket(text, offset, yaml);
  if (!open) return undefined;
  // A closer that fits the innermost bracket (`,}` after a trailing comma) means another mistake.
  if ((at === '}' && open.char === '{') || (at === ']' && open.char === '[')) return undefined;
  const close = open.char === '{' ? '}' : ']';
  return { path: '', message: `malformed ${yaml ? 'YAML' : 'JSON'}: the "${open.char}" opened here is never closed (a "${close}" is missing)`, ...lineColAt(text, open.offset) };
}

/**
 * Parses JSON or YAML (by extension; YAML when unknown, as JSON is YAML too). Syntax errors
 * name line and column. Field positions come from the YAML document model either way, but a
 * JSON file only pays for loading the YAML parser when there is a problem to locate.
 */
export async function parseConfigText(text: string, file: string): Promise<ParsedFile> {
  const isJson = /\.json$/i.test(file);
  if (isJson) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      const message = (err as Error).message;
      throw new ConfigError(file, [unclosedProblem(text, jsonErrorOffset(text, message), false) ?? {
        path: '', message: `malformed JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`, ...jsonErrorPosition(text, message),
      }]);
    }
    let located: ParsedFile | undefined;
    return {
      data,
      locate: (path) => located?.locate(path),
      prepareLocate: async () => {
        // Positions only: a span nested too deep (validation reports it by path) is blanked out
        // first, so the YAML parser does not recurse into it.
        const deep = tooDeepSpan(text);
        located ??= await parseYaml(deep ? blankOut(text, deep) : text, file, true);
      },
    };
  }
  const deep = tooDeepSpan(text);
  if (!deep) return parseYaml(text, file, false);
  // The YAML parser recurses: parse the file without the too-deep span, then name its path.
  const shallow = await parseYaml(blankOut(text, deep), file, false);
  const path = shallow.pathAt?.(deep.start) ?? [];
  throw new ConfigError(file, [{ path: formatPath(path), message: depthMessage, ...lineColAt(text, deep.start) }]);
}

async function parseYaml(text: string, file: string, isJson: boolean): Promise<ParsedFile> {
  const loaded = (await import('yaml')) as typeof import('yaml') & { default?: typeof import('yaml') };
  // Bundled, the CommonJS build arrives as `default`; from tsc's output, as named exports.
  const { LineCounter, isMap, isSeq, parseDocument } = loaded.default ?? loaded;
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    // A flow collection left open makes the parser trip over everything after it: one error, where it opened.
    const unclosed = doc.errors.some((e) => /must .*end with an? [}\]]/.test(e.message)) ? unclosedProblem(text, doc.errors[0]!.pos[0], true) : undefined;
    if (unclosed) throw new ConfigError(file, [unclosed]);
    throw new ConfigError(
      file,
      doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return { path: '', message: `malformed ${isJson ? 'JSON' : 'YAML'}: ${e.message.split('\n')[0]}`, line: pos.line, column: pos.col };
      }),
    );
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  return {
    data,
    pathAt(offset) {
      const path: PropertyKey[] = [];
      let node: unknown = doc.contents;
      const within = (n: unknown) => {
        const r = (n as { range?: [number, number, number?] } | null)?.range;
        return r !== undefined && r[0] <= offset && offset < Math.max(r[1], r[0] + 1);
      };
      for (let depth = 0; depth < 1000; depth++) {
        if (isMap(node)) {
          const pair = node.items.find((p) => within(p.value));
          if (!pair) break;
          path.push((pair.key as { value?: PropertyKey } | null)?.value ?? '?');
          node = pair.value;
        } else if (isSeq(node)) {
          const i = node.items.findIndex((item) => within(item));
          if (i < 0) break;
          path.push(i);
          node = node.items[i];
        } else break;
      }
      return path;
    },
    locate(path) {
      // Walk down as far as the path exists; a missing field is reported at its parent.
      let node: unknown = doc.contents;
      let range: [number, number, number?] | undefined = (node as { range?: [number, number] } | null)?.range;
      for (const part of path) {
        if (isMap(node)) {
          const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === part);
          if (!pair) break;
          range = (pair.key as { range?: [number, number] }).range ?? range;
          node = pair.value;
        } else if (isSeq(node) && typeof part === 'number') {
          node = node.items[part];
          range = (node as { range?: [number, number] } | undefined)?.range ?? range;
        } else break;
      }
      if (!range) return undefined;
      const pos = lineCounter.linePos(range[0]);
      return { line: pos.line, column: pos.col };
    },
  };
}
