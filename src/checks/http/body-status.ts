import type { ComponentStatus } from '../../core/types.js';
import { headerValue, parseJsonBody, type HttpResponse } from '../../util/http.js';
import { describeComponents, failingComponents } from './health-body.js';

/**
 * The IETF health-check format (draft-inadarei-api-health-check, `application/health+json`)
 * carries its own verdict in `status`: `pass`, `warn` or `fail`. A 200 whose body says `fail`
 * contradicts itself, and the body is the more specific of the two: the check fails, naming the
 * failing components. `warn` ("healthy, with a concern") makes the check a warning. A check opts
 * out with `body_status: ignore`. Only this media type is judged: an ordinary JSON body with a
 * `status` field means whatever its API says it means.
 */
export interface BodyVerdict {
  status: 'fail' | 'warn';
  reason: string;
  components?: ComponentStatus[];
}

const FAIL = new Set(['fail', 'error', 'down']);
const WARN = new Set(['warn', 'warning']);

function warnComponents(checks: unknown): ComponentStatus[] {
  if (!checks || typeof checks !== 'object') return [];
  const out: ComponentStatus[] = [];
  for (const [key, entries] of Object.entries(checks as Record<string, unknown>)) {
    for (const e of Array.isArray(entries) ? entries : [entries]) {
      const entry = e as { status?: unknown; output?: unknown } | null;
      if (entry && typeof entry === 'object' && WARN.has(String(entry.status).toLowerCase())) {
        out.push({ name: key, status: 'warn', ...(typeof entry.output === 'string' ? { output: entry.output } : {}) });
      }
    }
  }
  return out;
}

export function judgeHealthBody(res: HttpResponse): BodyVerdict | undefined {
  if (!/^application\/health\+json\b/i.test(headerValue(res.headers, 'content-type') ?? '')) return undefined;
  const body = parseJsonBody(res) as { status?: unknown; checks?: unknown; output?: unknown } | undefined;
  if (!body || typeof body !== 'object' || typeof body.status !== 'string') return undefined;
  const status = body.status.toLowerCase();
  const output = typeof body.output === 'string' && body.output ? ` (${body.output})` : '';
  if (FAIL.has(status)) {
    const components = failingComponents(body);
    const named = components.length ? `: ${describeComponents(components)}` : '';
    return { status: 'fail', reason: `body status "${body.status}" contradicts ${res.status} (application/health+json)${output}${named}`, ...(components.length ? { components } : {}) };
  }
  if (WARN.has(status)) {
    const components = warnComponents(body.checks);
    const named = components.length ? `: ${describeComponents(components)}` : '';
    return { status: 'warn', reason: `body status "${body.status}" (application/health+json)${output}${named}`, ...(components.length ? { components } : {}) };
  }
  return undefined;
}
