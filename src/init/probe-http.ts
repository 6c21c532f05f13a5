import { randomBytes } from 'node:crypto';
import type { HttpClient, HttpResponse } from '../util/http.js';
import { timeoutSignal } from '../util/abort.js';
import { describeError } from '../util/net-errors.js';
import { actuatorGroup, ENDPOINT_CONVENTIONS, type EndpointConvention } from './conventions.js';

/** What one conventional endpoint answered. */
export interface EndpointProbe {
  convention: EndpointConvention;
  /** The HTTP status, or undefined when nothing answered. */
  status?: number;
  /** Why nothing usable answered (refused, timed out), when so. */
  error?: string;
  /** Components the body names: IETF health+json `checks` keys, Spring `components`. */
  components: { name: string; status?: string }[];
  /** `application/health+json`, when the body says so. */
  healthJson: boolean;
}

/** 404, 405 and 501 say "no such endpoint"; any other answer means it is there (a 503 is a health endpoint saying no). */
export function exists(probe: EndpointProbe): boolean {
  return probe.status !== undefined && ![404, 405, 501].includes(probe.status);
}

function parseJson(body: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(body) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The dependencies a health body names. IETF draft-inadarei-api-health-check: `checks` maps
 * "component:measurement" to a list of results; Spring Boot: `components` maps a name to its status.
 */
export function componentsOf(body: Record<string, unknown> | undefined): { name: string; status?: string }[] {
  const out = new Map<string, string | undefined>();
  const checks = body?.checks;
  if (checks && typeof checks === 'object' && !Array.isArray(checks)) {
    for (const [key, results] of Object.entries(checks)) {
      const first = Array.isArray(results) ? (results[0] as { status?: unknown } | undefined) : undefined;
      out.set(key.split(':')[0]!, typeof first?.status === 'string' ? first.status : undefined);
    }
  }
  const components = body?.components;
  if (components && typeof components === 'object' && !Array.isArray(components)) {
    for (const [name, value] of Object.entries(components)) {
      const status = (value as { status?: unknown } | null)?.status;
      out.set(name, typeof status === 'string' ? status : undefined);
    }
  }
  return [...out].map(([name, status]) => ({ name, ...(status ? { status } : {}) }));
}

/** Spring Boot lists its health groups (`liveness`, `readiness`, custom ones) in `groups`. */
function groupsOf(body: Record<string, unknown> | undefined): string[] {
  return Array.isArray(body?.groups) ? body.groups.filter((g): g is string => typeof g === 'string' && g.length > 0) : [];
}

async function probeOne(http: HttpClient, baseUrl: string, convention: EndpointConvention, timeoutMs: number, headers: Record<string, string>): Promise<{ probe: EndpointProbe; body?: Record<string, unknown> }> {
  const url = `${baseUrl.replace(/\/+$/, '')}${convention.endpoint}`;
  const { signal, dispose } = timeoutSignal(timeoutMs);
  let res: HttpResponse;
  try {
    res = await http.request({ method: 'GET', url, headers: { accept: 'application/health+json, application/json;q=0.9, */*;q=0.1', ...headers }, signal });
  } catch (err) {
    return { probe: { convention, error: signal.aborted ? `no answer within ${timeoutMs / 1000} s` : describeError(err, url).reason, components: [], healthJson: false } };
  } finally {
    dispose();
  }
  const contentType = String(res.headers['content-type'] ?? '');
  const body = /json/i.test(contentType) || /^\s*\{/.test(res.body) ? parseJson(res.body) : undefined;
  return { probe: { convention, status: res.status, components: componentsOf(body), healthJson: /application\/health\+json/i.test(contentType) }, body };
}

/**
 * Probes every conventional health endpoint at once (each with its own deadline), plus `extra`
 * ones (the Deployment's own probes), then the Spring Boot health groups `/actuator/health` lists. Returns every probe, found or not, in
 * convention order.
 */
export async function probeEndpoints(http: HttpClient, baseUrl: string, options: { timeoutMs?: number; headers?: Record<string, string>; extra?: EndpointConvention[] } = {}): Promise<EndpointProbe[]> {
  const timeoutMs = options.timeoutMs ?? 3_000;
  const headers = options.headers ?? {};
  const known = new Set(ENDPOINT_CONVENTIONS.map((c) => c.endpoint));
  const conventions = [...ENDPOINT_CONVENTIONS, ...(options.extra ?? []).filter((c) => !known.has(c.endpoint))];
  const first = await Promise.all(conventions.map((c) => probeOne(http, baseUrl, c, timeoutMs, headers)));
  const actuator = first.find((p) => p.probe.convention.endpoint === '/actuator/health');
  const groups = actuator && exists(actuator.probe) ? groupsOf(actuator.body) : [];
  const more = await Promise.all(groups.map((g) => probeOne(http, baseUrl, actuatorGroup(g), timeoutMs, headers)));
  return [...first, ...more].map((p) => p.probe);
}

/**
 * A path no service serves, asked once beside the conventions: when it answers 2xx too, the
 * service answers any path (a catch-all route, a single-page app), and a 2xx from a conventional
 * path proves nothing. Returns that path and its status when so.
 */
export async function probeAnyPath(http: HttpClient, baseUrl: string, options: { timeoutMs?: number; headers?: Record<string, string> } = {}): Promise<{ endpoint: string; status: number } | undefined> {
  const endpoint = `/smokeguard-init-no-such-path-${randomBytes(4).toString('hex')}`;
  const control: EndpointConvention = { endpoint, name: 'no-such-path', role: 'basic', origin: 'a path no service serves' };
  const { probe } = await probeOne(http, baseUrl, control, options.timeoutMs ?? 3_000, options.headers ?? {});
  return probe.status !== undefined && probe.status >= 200 && probe.status < 300 ? { endpoint, status: probe.status } : undefined;
}
