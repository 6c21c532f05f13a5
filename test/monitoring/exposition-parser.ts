/**
 * A strict reader of the Prometheus text format 0.0.4, for tests: every line must be a HELP,
 * a TYPE or a sample, HELP and TYPE come once per family and before its samples, a family's
 * samples are contiguous, and no series appears twice. Throws with the line number otherwise.
 */

export interface ParsedSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface ParsedFamily {
  name: string;
  help?: string;
  type?: string;
  samples: ParsedSample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*';
const LABEL_VALUE = '"(?:[^"\\\\\\n]|\\\\[\\\\"n])*"';
const VALUE = '(?:[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?|[+-]Inf|NaN)';
const HELP_LINE = new RegExp(`^# HELP (${NAME}) ((?:[^\\\\\\n]|\\\\[\\\\n])*)$`);
const TYPE_LINE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);
const SAMPLE_LINE = new RegExp(`^(${NAME})(?:\\{((?:${LABEL}=${LABEL_VALUE})(?:,${LABEL}=${LABEL_VALUE})*,?)?\\})? (${VALUE})(?: (-?\\d+))?$`);
const PAIR = new RegExp(`(${LABEL})=(${LABEL_VALUE})`, 'g');

const unescape = (quoted: string): string => quoted.slice(1, -1).replace(/\\([\\"n])/g, (_m, c: string) => (c === 'n' ? '\n' : c));

/** Histogram and summary samples carry suffixes; gauges and counters the family name itself. */
function familyOf(sampleName: string, current: ParsedFamily | undefined): string {
  if (current && (current.type === 'histogram' || current.type === 'summary')) {
    const base = sampleName.replace(/_(bucket|sum|count)$/, '');
    if (base === current.name) return base;
  }
  return sampleName;
}

export function parseExposition(text: string): Map<string, ParsedFamily> {
  if (text !== '' && !text.endsWith('\n')) throw new Error('the exposition must end with a line feed');
  const families = new Map<string, ParsedFamily>();
  const closed = new Set<string>();
  const series = new Set<string>();
  let current: ParsedFamily | undefined;
  const enter = (name: string, lineNo: number): ParsedFamily => {
    if (current?.name === name) return current;
    if (current) closed.add(current.name);
    if (closed.has(name)) throw new Error(`line ${lineNo}: family ${name} resumed after another family`);
    const family: ParsedFamily = families.get(name) ?? { name, samples: [] };
    families.set(name, family);
    current = family;
    return family;
  };
  text.split('\n').slice(0, -1).forEach((line, i) => {
    const lineNo = i + 1;
    let m: RegExpExecArray | null;
    if ((m = HELP_LINE.exec(line))) {
      const f = enter(m[1], lineNo);
      if (f.help !== undefined) throw new Error(`line ${lineNo}: second HELP for ${f.name}`);
      if (f.samples.length) throw new Error(`line ${lineNo}: HELP for ${f.name} after its samples`);
      f.help = m[2].replace(/\\([\\n])/g, (_x, c: string) => (c === 'n' ? '\n' : c));
    } else if ((m = TYPE_LINE.exec(line))) {
      const f = enter(m[1], lineNo);
      if (f.type !== undefined) throw new Error(`line ${lineNo}: second TYPE for ${f.name}`);
      if (f.samples.length) throw new Error(`line ${lineNo}: TYPE for ${f.name} after its samples`);
      f.type = m[2];
    } else if ((m = SAMPLE_LINE.exec(line))) {
      const f = enter(familyOf(m[1], current), lineNo);
      const labels: Record<string, string> = {};
      for (const pair of (m[2] ?? '').matchAll(PAIR)) {
        if (pair[1] in labels) throw new Error(`line ${lineNo}: label ${pair[1]} twice`);
        labels[pair[1]] = unescape(pair[2]);
      }
      const key = `${m[1]}${JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)))}`;
      if (series.has(key)) throw new Error(`line ${lineNo}: duplicate series ${line}`);
      series.add(key);
      const raw = m[3];
      const value = raw === '+Inf' ? Infinity : raw === '-Inf' ? -Infinity : Number(raw);
      f.samples.push({ name: m[1], labels, value });
    } else if (line.startsWith('#') && !/^# (HELP|TYPE) /.test(line)) {
      // A plain comment: allowed by the format.
    } else {
      throw new Error(`line ${lineNo}: not a HELP, TYPE or sample line: ${JSON.stringify(line)}`);
    }
  });
  return families;
}

/** The samples of one family, or a failure naming what is there. */
export function samplesOf(families: Map<string, ParsedFamily>, name: string): ParsedSample[] {
  const family = families.get(name);
  if (!family) throw new Error(`no family ${name}; have ${[...families.keys()].join(', ')}`);
  return family.samples;
}

/** The one sample whose labels include `match`; fails when there is none or several. */
export function sampleWith(families: Map<string, ParsedFamily>, name: string, match: Record<string, string>): ParsedSample {
  const found = samplesOf(families, name).filter((s) => Object.entries(match).every(([k, v]) => s.labels[k] === v));
  if (found.length !== 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(match)}`);
  return found[0];
}
