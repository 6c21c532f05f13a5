import type { HttpClient } from '../util/http.js';
import { EXPOSITION_CONTENT_TYPE } from './exposition.js';
import type { PushgatewayConfig } from './schema.js';

/**
 * One path segment of a Pushgateway grouping key. A value with a `/` (or an empty one) cannot
 * go in a path as is: the Pushgateway reads `<label>@base64/<base64url>` instead.
 */
function groupingSegment(label: string, value: string): string {
  if (value === '') return `${encodeURIComponent(label)}@base64/=`;
  if (value.includes('/')) return `${encodeURIComponent(label)}@base64/${Buffer.from(value, 'utf8').toString('base64url')}`;
  return `${encodeURIComponent(label)}/${encodeURIComponent(value)}`;
}

/** Basic-auth credentials, from the fields or the URL's userinfo (percent-decoded). */
export function pushgatewayCredentials(config: PushgatewayConfig): { username: string; password: string } | undefined {
  if (config.username !== undefined && config.password !== undefined) return { username: config.username, password: config.password };
  const url = new URL(config.url);
  if (!url.username && !url.password) return undefined;
  return { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
}

/**
 * `<base>/metrics/job/<job>/<label>/<value>…`, without credentials. Labels in name order, so
 * the same config always addresses the same group (a PUT replaces that group whole, which
 * drops the series of checks removed since the last run).
 */
export function pushgatewayUrl(config: PushgatewayConfig): string {
  const url = new URL(config.url);
  url.username = '';
  url.password = '';
  const base = url.toString().replace(/\/+$/, '');
  const grouping = Object.entries(config.grouping).sort(([a], [b]) => a.localeCompare(b));
  return [base, 'metrics', groupingSegment('job', config.job), ...grouping.map(([k, v]) => groupingSegment(k, v))].join('/');
}

export interface PushResult {
  ok: boolean;
  error?: string;
}

/**
 * PUTs the exposition. Resolves with the Pushgateway's verdict (2xx, or its error text);
 * rejects only on a network error or abort, which the caller turns into data.
 */
export async function pushMetrics(http: HttpClient, config: PushgatewayConfig, body: string, signal: AbortSignal): Promise<PushResult> {
  const headers: Record<string, string> = { 'content-type': EXPOSITION_CONTENT_TYPE };
  const credentials = pushgatewayCredentials(config);
  if (credentials) headers.authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  const res = await http.request({
    method: 'PUT',
    url: pushgatewayUrl(config),
    headers,
    body,
    signal,
    insecure: config.insecure,
    ...(config.ca_file ? { caFile: config.ca_file } : {}),
  });
  if (res.status >= 200 && res.status < 300) return { ok: true };
  const excerpt = res.body.trim().slice(0, 300);
  return { ok: false, error: `HTTP ${res.status}${excerpt ? `: ${excerpt}` : ''}` };
}
