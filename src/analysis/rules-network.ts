import type { CheckResult } from '../core/types.js';
import { cmd, configName } from './commands.js';
import { CONNECTION_CODES, DNS_CODES, REFUSED_CODES, TIMEOUT_CODES, TLS_CODES, hostPort, type Evidence } from './evidence.js';
import { IMPACT, defineRule, list, seconds, type Match } from './rule.js';

/** Network-level rules: nothing listening, names that do not resolve, certificates, timeouts. */

const ran = (c: CheckResult): boolean => c.status !== 'skipped' && c.status !== 'blocked';
const isHttpFacing = (c: CheckResult): boolean => c.kind === 'health' || c.kind === 'path';

export const serviceDown = defineRule<Match>({
  id: 'service-down',
  description: 'Every health check and critical path that ran was refused: the service is down, or base_url points at the wrong place.',
  match: (ev) => {
    const facing = ev.checks.filter((c) => isHttpFacing(c) && ran(c));
    // Only refusals: a reset or an empty answer means something accepted the connection.
    const down = facing.filter((c) => ev.open.includes(c) && REFUSED_CODES.has(c.errorCode ?? ''));
    return facing.length > 0 && down.length === facing.length ? [{ checks: down }] : [];
  },
  build: ({ checks }, n) => {
    const where = hostPort(n.baseUrl ?? checks[0].target);
    const host = where?.host.includes(':') ? `[${where.host}]` : where?.host; // an IPv6 address: [::1]:8080
    const at = where ? `${host}${where.port ? `:${where.port}` : ''}` : 'the configured base_url';
    return {
      title: `Service down: every check was refused at ${at}`,
      issue: `Nothing accepts connections at ${at} (${[...new Set(checks.map((c) => c.errorCode))].join(', ')})`,
      impact: IMPACT.serviceDown,
      probableCause: 'The new pods are not running or not ready (crash loop, failed image pull, failing startup), the Service has no endpoints, or base_url / the port in the config is wrong.',
      remediation: [
        `Are the new pods running? ${cmd.rolloutStatus(n)}`,
        `Why not (image pull, crash loop, probes): ${cmd.pods(n)} ; ${cmd.events(n)}`,
        `Read the startup logs: ${cmd.logs(n)}`,
        `Check base_url in ${configName(n)} points at this environment${n.baseUrl ? `: ${cmd.curl(n.baseUrl)}` : ''}`,
        `If the new release does not start, roll back: ${cmd.rollback(n)}`,
        `Re-run the smoke tests: ${cmd.rerun(n)}`,
      ],
    };
  },
});

function groupByHost(checks: CheckResult[]): Map<string, CheckResult[]> {
  const groups = new Map<string, CheckResult[]>();
  for (const c of checks) {
    const host = hostPort(c.target)?.host ?? '<host>';
    groups.set(host, [...(groups.get(host) ?? []), c]);
  }
  return groups;
}

export const dnsFailure = defineRule<Match & { host: string }>({
  id: 'dns-failure',
  description: 'A host name does not resolve (ENOTFOUND, EAI_AGAIN): one finding per host.',
  match: (ev) => [...groupByHost(ev.open.filter((c) => DNS_CODES.has(c.errorCode ?? '')))].map(([host, checks]) => ({ host, checks })),
  build: ({ host, checks }, n) => ({
    title: `DNS failure: ${host} does not resolve`,
    issue: `Host not found (DNS) for ${list(checks)}`,
    impact: checks.some((c) => c.kind !== 'dependency') ? IMPACT.serviceDown : `${checks.some((c) => c.required) ? 'CRITICAL' : 'Minor'} - dependency unreachable by name`,
    probableCause: checks[0].errorCode === 'EAI_AGAIN'
      ? 'The resolver failed temporarily: cluster DNS (CoreDNS) overloaded or unreachable.'
      : `No DNS record for ${host}: a typo in base_url or a host in the config, the wrong environment, or a Service that does not exist in this namespace.`,
    remediation: [
      `Resolve it yourself: ${cmd.dig(host)}`,
      `Check the host names in ${configName(n)}${n.baseUrl ? ` (base_url ${n.baseUrl})` : ''}`,
      `List the Services that exist: kubectl get svc -n ${n.namespace}`,
      `Re-run the affected checks: ${cmd.rerun(n, checks.map((c) => c.name))}`,
    ],
  }),
});

function tlsCause(c: CheckResult): string {
  switch (c.errorCode) {
    case 'CERT_HAS_EXPIRED': return 'The TLS certificate has expired and was not renewed (cert-manager or manual renewal failed).';
    case 'CERT_NOT_YET_VALID': return 'The TLS certificate is not valid yet: a clock skew or a certificate issued for a future date.';
    // The tls check's min_days_valid: the chain verifies, the certificate is just not renewed yet.
    case 'CERT_EXPIRES_SOON': return `The TLS certificate is due for renewal and was not renewed (cert-manager or manual renewal failing): ${c.reason ?? 'it expires soon'}.`;
    case 'ERR_TLS_CERT_ALTNAME_INVALID': return 'The certificate does not cover this host name: the wrong certificate is served, or base_url uses a name missing from its SANs.';
    default: return c.errorCode
      ? `The certificate chain cannot be verified (${c.errorCode}): self-signed, or an intermediate certificate is missing.`
      : `The certificate check failed: ${c.reason ?? c.status}.`;
  }
}

export const tlsCertificate = defineRule<Match>({
  id: 'tls-certificate',
  description: 'A TLS error (expired certificate, wrong host name, untrusted chain) or a failing `tls` check: one finding per check.',
  match: (ev) => ev.open.filter((c) => TLS_CODES.has(c.errorCode ?? '') || (c.type === 'tls' && c.status === 'failed')).map((c) => ({ checks: [c] })),
  build: ({ checks: [c] }, n) => ({
    title: `TLS certificate problem on ${hostPort(c.target)?.host ?? c.name}: ${c.errorCode ?? c.reason ?? 'failed'}`,
    issue: c.reason ?? `TLS error ${c.errorCode}`,
    impact: c.severity !== 'critical' ? 'Certificate needs attention before clients start refusing it'
      : c.errorCode === 'CERT_EXPIRES_SOON' ? 'CRITICAL - Clients will refuse the connection when the certificate expires, unless it is renewed first'
      : 'CRITICAL - Clients refuse the connection: the service is unreachable over HTTPS',
    probableCause: tlsCause(c),
    remediation: [
      `Inspect the served certificate: ${cmd.certificate(c.target)}`,
      `If cert-manager issues it: kubectl get certificate -n ${n.namespace} ; kubectl describe certificate -n ${n.namespace}`,
      `Re-run the check: ${cmd.rerun(n, [c.name])}`,
    ],
  }),
});

export const timeout = defineRule<Match>({
  id: 'timeout',
  description: 'A check timed out (no answer within its timeout_seconds): one finding per check; "Minor feature degradation" when optional.',
  match: (ev) => ev.open.filter((c) => c.status === 'timed_out' || TIMEOUT_CODES.has(c.errorCode ?? '')).map((c) => ({ checks: [c] })),
  build: ({ checks: [c] }, n) => ({
    title: `${c.name}: ${cutByRunDeadline(c) ? `cut by the run deadline after ${seconds(c.durationMs)}` : `timeout after ${seconds(c.status === 'timed_out' ? c.timeoutMs : c.durationMs)}`}${c.required ? '' : ' (non-critical)'}`,
    issue: `${c.name}: Timeout${c.required ? '' : ' (non-critical)'}${c.reason ? ` — ${c.reason}` : ''}`,
    impact: c.severity === 'critical'
      ? (c.kind === 'path' ? IMPACT.coreBroken : 'CRITICAL - Service too slow to answer: user requests time out')
      : IMPACT.minor,
    probableCause: timeoutCause(c),
    remediation: [
      `Check CPU/memory pressure: ${cmd.top(n)}`,
      `Check limits and restarts: ${cmd.describe(n)}`,
      `Look for slow or hanging requests: ${cmd.logs(n, 'timeout|slow|deadline')}`,
      ...(c.required ? [] : [`Monitor ${c.name}; alert if the pattern persists.`]),
      `Re-run the check: ${cmd.rerun(n, [c.name])}`,
    ],
  }),
});

/** Each connection failure kind in words: what happened (issue) and why it usually does (cause). */
const CONNECTION_KIND: Record<string, { issue: string; cause: string }> = {
  ECONNREFUSED: { issue: 'Connection refused', cause: 'Nothing listens at this address: a different port or host than the other checks, or a pod that is not ready.' },
  EHOSTUNREACH: { issue: 'Host unreachable', cause: 'No route to the host: the node or pod IP is gone, or a network policy rejects the traffic.' },
  ENETUNREACH: { issue: 'Network unreachable', cause: 'No route to the network: a wrong address in the config, or the network is down.' },
  ECONNRESET: { issue: 'Connection reset before any response', cause: 'The server accepted the request and reset the connection before answering: the process crashed while handling it, or a proxy or load balancer dropped it.' },
  EMPTY_RESPONSE: { issue: 'Connection closed without a response', cause: 'The server accepted the connection and closed it without a word: shutting down, a proxy with no healthy upstream, or a protocol mismatch (plain HTTP to a TLS port).' },
  RESET_MID_BODY: { issue: 'Connection reset mid-body', cause: 'The status and part of the body arrived, then the connection was reset: the process crashed or was killed while sending, or a proxy timed the transfer out.' },
  PREMATURE_END: { issue: 'Response body ended early', cause: 'The connection closed before the end of the announced body: a crash while streaming, a proxy buffer limit, or a wrong Content-Length.' },
};

const DEFAULT_KIND = { issue: 'Connection broken', cause: 'The server closed the connection mid-request: a pod restarting, a proxy timeout, or a crash while handling it.' };

function cutByRunDeadline(c: CheckResult): boolean {
  return c.status === 'timed_out' && (c.reason ?? '').startsWith('run deadline');
}

function timeoutCause(c: CheckResult): string {
  const reason = c.reason ?? '';
  if (cutByRunDeadline(c)) return `The run's deadline (timeout_seconds) ended before this check's own timeout: earlier checks used the budget, or the deadline is too short for ${c.name}.`;
  if (/^timeout: no DNS answer/.test(reason)) return 'The resolver does not answer: cluster DNS (CoreDNS) overloaded or unreachable from here.';
  if (/^timeout: connect not accepted/.test(reason)) return 'The connect was never answered (not even refused): a firewall or network policy drops the packets, or the host is gone.';
  if (/^timeout: TLS handshake/.test(reason)) return 'The server accepted TCP but never finished TLS: an overloaded TLS terminator, or a plain-text port behind a TLS URL.';
  if (/^timeout: no response headers/.test(reason)) return 'The server accepted the request and never answered: the application hangs (blocked on a downstream call, a deadlock, a full thread pool) or is still warming up.';
  if (/^timeout: response body unfinished/.test(reason)) return 'The server answered, then sent its body too slowly or endlessly: a streaming endpoint, or a slow downstream behind it.';
  return 'The service is too slow or hangs: still warming up, CPU-throttled by its limits, or blocked on a downstream call that never answers.';
}

export const connectionFailure = defineRule<Match>({
  id: 'connection-failure',
  description: 'A check could not connect, or its connection broke: refused, reset before a response, closed without one, reset mid-body, body ended early; one finding per check, each kind named.',
  match: (ev: Evidence) => ev.open.filter((c) => CONNECTION_CODES.has(c.errorCode ?? '')).map((c) => ({ checks: [c] })),
  build: ({ checks: [c] }, n) => ({
    title: `${c.name}: ${c.reason ?? c.errorCode}`,
    issue: `${(CONNECTION_KIND[c.errorCode ?? ''] ?? DEFAULT_KIND).issue} (${c.errorCode}) at ${c.target ?? c.name}`,
    impact: c.severity === 'critical' ? (c.kind === 'path' ? IMPACT.coreBroken : IMPACT.serviceDown) : IMPACT.minor,
    probableCause: (CONNECTION_KIND[c.errorCode ?? ''] ?? DEFAULT_KIND).cause,
    remediation: [
      `Check the pods behind it: ${cmd.pods(n)}`,
      `Read the logs around the failure: ${cmd.logs(n)}`,
      `Re-run the check: ${cmd.rerun(n, [c.name])}`,
    ],
  }),
});
