import type { CheckResult, ComponentStatus, RollbackErrorKind, RollbackOutcome, RollbackStatus, RunResult } from '../core/types.js';

/**
 * What failure analysis reads from a run: the checks that went wrong and have not been
 * explained yet by an earlier rule (`open`), every check (for correlations), and the rollback
 * outcome.
 */
export interface Evidence {
  result: RunResult;
  /** Every check of the run. */
  checks: CheckResult[];
  /** Failed, timed-out or errored checks that no earlier rule has explained. */
  open: CheckResult[];
  rollback: RollbackEvidence | undefined;
}

export interface RollbackEvidence {
  status: RollbackStatus;
  reason?: string;
  currentImage?: string;
  previousImage?: string;
  /** The rollback stage says ops must be paged now (failed, confirmation timed out, health not back). */
  alertOps: boolean;
  /** The full command an operator runs by hand, when the rollback stage wrote one. */
  manualCommand?: string;
  /** Why there is no version to roll back to (then no rollback command is advised). */
  nothingToRollBackTo?: string;
  /** What kind of failure it was (paused, no earlier revision, interrupted, forbidden), when known. */
  errorKind?: RollbackErrorKind;
  /** The re-run health checks after a completed rollback: false when health did not return. */
  healthyAfter?: boolean;
}

export function isBad(c: CheckResult): boolean {
  return c.status === 'failed' || c.status === 'timed_out' || c.status === 'error';
}

/** Error codes that mean "nothing accepts connections there": refused or unreachable. */
export const REFUSED_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH']);
/**
 * Error codes that mean "something accepted, then the exchange broke": kept apart from refused
 * (k6 does too: 1212 refused, 1220 reset…), since a process that accepts and then drops is alive.
 * The HTTP client's kinds: ECONNRESET (reset before any response), EMPTY_RESPONSE (closed without
 * a response), RESET_MID_BODY, PREMATURE_END (body shorter than announced).
 */
export const BROKEN_CODES = new Set(['ECONNRESET', 'EMPTY_RESPONSE', 'RESET_MID_BODY', 'PREMATURE_END', 'EPIPE', 'UND_ERR_SOCKET']);
/** Either: the connection-level failures. */
export const CONNECTION_CODES = new Set([...REFUSED_CODES, ...BROKEN_CODES]);
export const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', '57014']);
export const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN']);
export const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_TLS_CERT_ALTNAME_INVALID', 'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_UNTRUSTED',
]);
/** Credentials rejected: SMTP/generic EAUTH, PostgreSQL 28P01/28000, MySQL, Redis, AMQP, NATS. */
export const AUTH_CODES = new Set([
  'EAUTH', '28P01', '28000', 'ER_ACCESS_DENIED_ERROR', 'ER_DBACCESS_DENIED_ERROR', 'NOAUTH', 'WRONGPASS',
  'ACCESS_REFUSED', 'AUTHORIZATION_VIOLATION', 'NOT_AUTHORIZED', 'BAD_USERNAME_OR_PASSWORD',
]);

/** The auth check's own codes for "the server answered and refused us" (client, login, token). */
const REJECTED_CODES = new Set(['AUTH_CLIENT_REJECTED', 'AUTH_LOGIN_REJECTED', 'AUTH_TOKEN_REJECTED', 'AUTH_TOKEN_EXPIRED']);

/**
 * What a failure's evidence says, so that each rule only speaks to what was seen: a probe like
 * `nc -vz` fits a refused or silent port, never a 401 or a limiter that did not engage.
 */
export type FailureKind = 'refused' | 'broken' | 'timeout' | 'dns' | 'tls' | 'auth' | 'no-429' | 'wrong-status' | 'assertion' | 'other';

export function failureKind(c: CheckResult): FailureKind {
  const code = c.errorCode ?? '';
  if (c.status === 'timed_out' || TIMEOUT_CODES.has(code)) return 'timeout';
  if (REFUSED_CODES.has(code)) return 'refused';
  if (BROKEN_CODES.has(code)) return 'broken';
  if (DNS_CODES.has(code)) return 'dns';
  if (TLS_CODES.has(code)) return 'tls';
  if (AUTH_CODES.has(code) || REJECTED_CODES.has(code) || c.httpStatus === 401 || c.httpStatus === 403) return 'auth';
  if (code.startsWith('RATE_LIMIT_')) return 'no-429';
  if (c.httpStatus !== undefined && (c.assertions ?? []).some((a) => a.name === 'status' && !a.passed)) return 'wrong-status';
  if (/^HTTP_\d{3}$/.test(code)) return 'wrong-status';
  if ((c.assertions ?? []).some((a) => !a.passed)) return 'assertion';
  return 'other';
}

/**
 * A rate_limit check's verdict on the limiter itself (no 429, late, no Retry-After, no headers),
 * as opposed to a target it could not reach or talk TLS to, which the network rules explain.
 */
export function isLimiterVerdict(c: CheckResult): boolean {
  const kind = failureKind(c);
  return c.type === 'rate_limit' && c.status === 'failed' && !['refused', 'broken', 'timeout', 'dns', 'tls'].includes(kind);
}

/** True when the evidence says the dependency could not be reached (or did not say): probing its port helps. */
export function isUnreachable(c: CheckResult): boolean {
  const kind = failureKind(c);
  return kind === 'refused' || kind === 'broken' || kind === 'timeout' || kind === 'dns' || (kind === 'other' && c.httpStatus === undefined);
}

/** A kind of dependency, recognised by check type or by name (of a check or a readiness component). */
export interface Family {
  id: 'database' | 'cache' | 'queue' | 'auth' | 'other';
  /** Used in titles: "Database unavailable". */
  title: string;
  /** Used in sentences: "the database". */
  label: string;
  types: string[];
  name: RegExp;
}

export const FAMILIES: readonly Family[] = [
  { id: 'database', title: 'Database', label: 'the database', types: ['postgres', 'mysql', 'mariadb', 'mongodb'], name: /(^|[^a-z])(db|database|postgres(ql)?|pg|mysql|maria(db)?|sql|mongo(db)?|datasource)([^a-z]|$)/i },
  { id: 'cache', title: 'Cache', label: 'the cache', types: ['redis', 'memcached'], name: /redis|cache|memcache/i },
  { id: 'queue', title: 'Message queue', label: 'the message queue', types: ['amqp', 'nats', 'mqtt', 'kafka'], name: /amqp|rabbit|queue|nats|mqtt|kafka|broker/i },
  { id: 'auth', title: 'Auth service', label: 'the auth service', types: ['auth'], name: /(^|[^a-z])(auth[nz]?|authentication|authorization|oauth2?|identity|keycloak|sso|idp|iam)([^a-z]|$)/i },
];

/** The family of a dependency check: by type first (postgres → database), then by name. */
export function familyOfCheck(c: CheckResult): Family | undefined {
  return FAMILIES.find((f) => f.types.includes(c.type)) ?? FAMILIES.find((f) => f.name.test(c.name));
}

/** A dependency of no known family still gets worded findings: "Dependency payments-api". */
export function familyOrGeneric(c: CheckResult): Family {
  return familyOfCheck(c) ?? { id: 'other', title: `Dependency ${c.name}`, label: `dependency ${c.name}`, types: [c.type], name: /(?!)/ };
}

export function familyOfComponent(component: ComponentStatus): Family | undefined {
  return FAMILIES.find((f) => f.name.test(component.name) || f.types.some((t) => component.name.toLowerCase().includes(t)));
}

/** Readiness components of a check that belong to a family. */
export function componentsOf(c: CheckResult, family: Family): ComponentStatus[] {
  return (c.components ?? []).filter((comp) => familyOfComponent(comp)?.id === family.id);
}

export function isServerError(status: number | undefined): boolean {
  return status !== undefined && status >= 500 && status <= 599;
}

/** Every HTTP status a check saw: its own and its steps'. */
export function httpStatuses(c: CheckResult): number[] {
  const all = [c.httpStatus, ...(c.steps ?? []).map((s) => s.httpStatus)];
  return all.filter((s): s is number => typeof s === 'number');
}

/** The first step of a path that went wrong, for "at step 2 GET /api/user/profile". */
export function failedStep(c: CheckResult): string | undefined {
  const step = (c.steps ?? []).find((s) => s.status !== 'passed' && s.status !== 'not_run');
  if (!step) return undefined;
  const what = [step.method, step.target].filter(Boolean).join(' ') || step.name;
  return `step ${step.index + 1} (${what}${step.httpStatus ? ` → ${step.httpStatus}` : ''})`;
}

/** Host and port out of a target: a URL, `host:port[/db]`, or a DNS check's `host (A) @server`. */
export function hostPort(target: string | undefined): { host: string; port?: string } | undefined {
  if (!target) return undefined;
  try {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
      const u = new URL(target);
      const port = u.port || (u.protocol === 'https:' ? '443' : u.protocol === 'http:' ? '80' : undefined);
      return { host: u.hostname.replace(/^\[|\]$/g, ''), port };
    }
  } catch {
    return undefined; // not a URL after all: nothing to name
  }
  // A DNS check's target names the lookup after the host: "api.internal (system lookup)", "api.internal (MX) @10.0.0.2".
  const m = /^\[?([^\]\s/]+?)\]?(?::(\d+))?(?:\/.*| \(.*)?$/.exec(target.replace(/^[^@\s]*@/, ''));
  return m ? { host: m[1], port: m[2] } : undefined;
}

/** The rollback record (src/rollback) as failure analysis reads it. */
export function readRollback(rb: RollbackOutcome | undefined): RollbackEvidence | undefined {
  if (!rb) return undefined;
  return {
    status: rb.status,
    reason: rb.error?.message ?? rb.message,
    currentImage: rb.currentImage,
    previousImage: rb.targetImage,
    alertOps: rb.alertOps,
    manualCommand: rb.manualCommand,
    ...(rb.nothingToRollBackTo ? { nothingToRollBackTo: rb.nothingToRollBackTo } : {}),
    ...(rb.error?.kind ? { errorKind: rb.error.kind } : {}),
    ...(rb.verification ? { healthyAfter: rb.verification.healthy } : {}),
  };
}

export function buildEvidence(result: RunResult, open: CheckResult[]): Evidence {
  return { result, checks: result.checks, open, rollback: readRollback(result.rollback) };
}
