import type { HttpClient, HttpResponse } from '../../util/http.js';

/**
 * The Prometheus HTTP API (`/api/v1/query`, `/api/v1/query_range`), as far as a check needs it:
 * one POST (form-encoded, so a long query never hits a URL limit) and the answer read into
 * series of numbers. Pure parsing is kept apart from the request so it can be tested alone.
 */

export interface Series {
  /** The series' labels (`__name__` included when Prometheus returns it). */
  labels: Record<string, string>;
  /** Its samples in time order; NaN and ±Inf kept as Prometheus sends them. */
  values: number[];
}

export type QueryAnswer =
  | { kind: 'data'; resultType: 'vector' | 'matrix' | 'scalar'; series: Series[] }
  /** Prometheus answered, but with an error (a bad query, a timeout on its side) or something that is not its API. */
  | { kind: 'api_error'; reason: string; errorType?: string };

export interface QueryRequest {
  baseUrl: string;
  query: string;
  /** Epoch ms of the evaluation (instant) or of the range's end. */
  time: number;
  /** A range query over the last `rangeMs` with this step; an instant query without it. */
  range?: { rangeMs: number; stepSeconds: number };
  /** Sent as Prometheus' own `timeout` so it gives up on its side too. */
  timeoutMs: number;
  headers: Record<string, string>;
  signal: AbortSignal;
  insecure?: boolean;
  caFile?: string;
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

export function queryUrl(baseUrl: string, range: boolean): string {
  return `${baseUrl.replace(/\/+$/, '')}/api/v1/${range ? 'query_range' : 'query'}`;
}

export async function queryPrometheus(http: HttpClient, req: QueryRequest): Promise<QueryAnswer> {
  const form = new URLSearchParams({ query: req.query, timeout: `${Math.max(1, Math.floor(req.timeoutMs))}ms` });
  if (req.range) {
    form.set('start', seconds(req.time - req.range.rangeMs));
    form.set('end', seconds(req.time));
    form.set('step', String(req.range.stepSeconds));
  } else form.set('time', seconds(req.time));
  const res = await http.request({
    method: 'POST',
    url: queryUrl(req.baseUrl, Boolean(req.range)),
    headers: { ...req.headers, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: form.toString(),
    signal: req.signal,
    insecure: req.insecure,
    caFile: req.caFile,
  });
  return parseAnswer(res);
}

function sampleValue(pair: unknown): number | undefined {
  if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[1] !== 'string') return undefined;
  // Prometheus sends "NaN", "+Inf", "-Inf" as strings; Number() reads "NaN" and "±Infinity" only.
  const text = pair[1] === '+Inf' ? 'Infinity' : pair[1] === '-Inf' ? '-Infinity' : pair[1];
  const n = Number(text);
  return Number.isNaN(n) && text !== 'NaN' ? undefined : n;
}

/** Reads an API answer. Any HTTP status: Prometheus puts its errors in a JSON body (400, 422, 503). */
export function parseAnswer(res: Pick<HttpResponse, 'status' | 'body'>): QueryAnswer {
  if (res.status === 401 || res.status === 403) return { kind: 'api_error', reason: `Prometheus refused the request (HTTP ${res.status}): check basic_auth or bearer_token` };
  let json: unknown;
  try {
    json = JSON.parse(res.body);
  } catch {
    const hint = res.status === 404 ? ' (is the url the Prometheus server itself, without /api/v1?)' : '';
    return { kind: 'api_error', reason: `HTTP ${res.status} and no Prometheus API answer${hint}` };
  }
  const body = json as { status?: unknown; errorType?: unknown; error?: unknown; data?: { resultType?: unknown; result?: unknown } };
  if (body?.status === 'error') {
    const errorType = typeof body.errorType === 'string' ? body.errorType : undefined;
    return { kind: 'api_error', errorType, reason: `Prometheus answered HTTP ${res.status} ${errorType ?? 'error'}: ${String(body.error ?? 'no message')}` };
  }
  if (body?.status !== 'success' || !body.data) return { kind: 'api_error', reason: `HTTP ${res.status} and no Prometheus API answer (no "status": "success")` };
  const { resultType, result } = body.data;
  if (resultType === 'scalar') {
    const v = sampleValue(result);
    if (v === undefined) return { kind: 'api_error', reason: 'Prometheus returned a scalar that is not a number' };
    return { kind: 'data', resultType, series: [{ labels: {}, values: [v] }] };
  }
  if ((resultType !== 'vector' && resultType !== 'matrix') || !Array.isArray(result)) {
    return { kind: 'api_error', reason: `the query returned a ${String(resultType)}; expected a vector, a matrix or a scalar` };
  }
  const series: Series[] = [];
  for (const item of result as Array<{ metric?: Record<string, string>; value?: unknown; values?: unknown[] }>) {
    const raw = resultType === 'vector' ? [item.value] : (item.values ?? []);
    const values = raw.map(sampleValue).filter((v): v is number => v !== undefined);
    series.push({ labels: item.metric ?? {}, values });
  }
  return { kind: 'data', resultType, series };
}
