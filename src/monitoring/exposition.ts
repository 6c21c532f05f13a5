/**
 * The Prometheus text exposition format, version 0.0.4: the one format both the Pushgateway
 * and node_exporter's textfile collector read. Pure; knows nothing about smoke runs.
 * https://prometheus.io/docs/instrumenting/exposition_formats/
 */

/** What a Pushgateway or a scrape sends as Content-Type for this format. */
export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
/** Names starting with `__` are reserved for Prometheus itself. */
export const LABEL_NAME = /^(?!__)[a-zA-Z_][a-zA-Z0-9_]*$/;

export type MetricType = 'gauge' | 'counter' | 'untyped';

export interface Sample {
  labels: Readonly<Record<string, string>>;
  value: number;
}

export interface MetricFamily {
  name: string;
  help: string;
  type: MetricType;
  samples: Sample[];
}

/** Label values escape backslash, double quote and line feed; nothing else (UTF-8 is fine). */
export function escapeLabelValue(value: string): string {
  return value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/** HELP text escapes backslash and line feed (a quote is literal there). */
export function escapeHelp(text: string): string {
  return text.replace(/[\\\n]/g, (c) => (c === '\n' ? '\\n' : '\\\\'));
}

/** Go's ParseFloat reads JS's number text, except for the infinities. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function formatLabels(pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs.length ? `{${pairs.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',')}}` : '';
}

/**
 * Renders families in order, HELP and TYPE once each, samples contiguous. Families without
 * samples are left out. Throws on an invalid metric or label name: those come from code or a
 * validated config, so one here is a bug, not bad input.
 */
export function formatExposition(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  const seenFamilies = new Set<string>();
  for (const family of families) {
    if (!family.samples.length) continue;
    if (!METRIC_NAME.test(family.name)) throw new Error(`invalid metric name "${family.name}"`);
    if (seenFamilies.has(family.name)) throw new Error(`metric family "${family.name}" rendered twice`);
    seenFamilies.add(family.name);
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
    const seenSeries = new Set<string>();
    for (const sample of family.samples) {
      // An empty value means "no such label" to Prometheus: leave it out rather than send noise.
      const pairs = Object.entries(sample.labels).filter(([, v]) => v !== '');
      for (const [name] of pairs) {
        if (!LABEL_NAME.test(name)) throw new Error(`invalid label name "${name}" on ${family.name}`);
      }
      // A duplicate series makes the Pushgateway reject the whole push: keep the first.
      // Check names are unique by config, so this only guards against a malformed result.
      const key = pairs.map(([k, v]) => `${k}\u0000${v}`).sort().join('\u0001');
      if (seenSeries.has(key)) continue;
      seenSeries.add(key);
      lines.push(`${family.name}${formatLabels(pairs)} ${formatValue(sample.value)}`);
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** Label names the renderer itself puts on series: configured labels must not reuse them. */
export const RESERVED_LABELS = ['check', 'kind', 'type', 'required', 'status', 'severity', 'verdict', 'action', 'mode', 'version'] as const;
