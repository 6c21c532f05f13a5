import type { ComponentStatus } from '../../core/types.js';

/**
 * Reads the failing components out of a readiness body, so that "readiness returned 503" becomes
 * "readiness returned 503: database: connect ECONNREFUSED". Understands:
 * - the IETF health-check format (application/health+json): `checks: { "db:connections": [{status, output}] }`;
 * - Spring Boot Actuator: `components: { db: { status: "DOWN", details: { error } } }` (nested);
 * - Spring Boot 1.x, where the components sit at the top level: `{ status: "DOWN", db: { status: "DOWN", error } }`;
 * - the common ad-hoc shape `checks: { database: "down" }` or `{ database: { status: "down" } }`.
 * IETF `warn` means "healthy, with a concern": such a component is not named as a cause.
 */
const HEALTHY = new Set(['pass', 'ok', 'up', 'healthy', 'ready', 'green', 'serving', 'true', 'warn', 'warning']);

function isHealthy(status: unknown): boolean {
  return HEALTHY.has(String(status).toLowerCase());
}

function textOf(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

function fromIetf(checks: Record<string, unknown>): ComponentStatus[] {
  const out: ComponentStatus[] = [];
  for (const [key, entries] of Object.entries(checks)) {
    const list = Array.isArray(entries) ? entries : [entries];
    for (const entry of list) {
      if (entry && typeof entry === 'object') {
        const e = entry as Record<string, unknown>;
        const status = e.status ?? e.state;
        if (status !== undefined && !isHealthy(status)) {
          const name = typeof e.componentId === 'string' && !key.includes(e.componentId) ? `${key} (${e.componentId})` : key;
          out.push({ name, status: String(status), output: textOf(e.output ?? e.error ?? e.message) });
        }
      } else if (entry !== undefined && !isHealthy(entry)) {
        out.push({ name: key, status: String(entry) });
      }
    }
  }
  return out;
}

function fromActuator(components: Record<string, unknown>, prefix = ''): ComponentStatus[] {
  const out: ComponentStatus[] = [];
  for (const [key, value] of Object.entries(components)) {
    if (!value || typeof value !== 'object') continue;
    const c = value as Record<string, unknown>;
    const name = prefix ? `${prefix}.${key}` : key;
    if (c.components && typeof c.components === 'object') {
      out.push(...fromActuator(c.components as Record<string, unknown>, name));
    } else if (c.status !== undefined && !isHealthy(c.status)) {
      const details = c.details as Record<string, unknown> | undefined;
      out.push({ name, status: String(c.status), output: textOf(c.error ?? details?.error ?? details?.message ?? details) });
    }
  }
  return out;
}

export function failingComponents(body: unknown): ComponentStatus[] {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return [];
  const b = body as Record<string, unknown>;
  if (b.components && typeof b.components === 'object') return fromActuator(b.components as Record<string, unknown>);
  if (b.checks && typeof b.checks === 'object') return fromIetf(b.checks as Record<string, unknown>);
  if (b.details && typeof b.details === 'object') return fromActuator(b.details as Record<string, unknown>);
  // Spring Boot 1.x: every other top-level object with a status is a component. Only with an
  // Actuator overall status, so an ordinary API error body is not mistaken for one.
  if (typeof b.status === 'string' && /^(UP|DOWN|OUT_OF_SERVICE|UNKNOWN)$/.test(b.status)) {
    const { status: _overall, ...rest } = b;
    return fromActuator(rest);
  }
  return [];
}

export function describeComponents(components: ComponentStatus[]): string {
  return components.map((c) => `${c.name}: ${c.output ?? c.status}`).join('; ');
}
