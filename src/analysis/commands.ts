import { isIP } from 'node:net';
import type { RunResult } from '../core/types.js';
import { hostPort, readRollback } from './evidence.js';
import type { AnalysisContext } from './types.js';

/**
 * Remediation commands, written with the run's own names so they can be pasted as they are.
 * An unknown name becomes a placeholder in angle brackets, which no shell would run by mistake.
 */
export interface Names {
  deployment: string;
  namespace: string;
  container: string;
  currentImage: string;
  previousImage: string;
  configPath: string;
  environment?: string;
  baseUrl?: string;
  /** Given on the command line, not in the config: the re-run command must pass it again. */
  baseUrlArg?: string;
  /** The rollback found no version to go back to: no roll back is advised, this is said instead. */
  nothingToRollBackTo?: string;
}

const SAFE = /^[A-Za-z0-9._:/@=,+-]+$/;

/** Quotes a value for a POSIX shell unless it is plainly safe or a placeholder. */
export function sh(value: string): string {
  if (SAFE.test(value) || /^<[a-z-]+>$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The context wins; the run's target and rollback outcome fill the gaps; placeholders the rest. */
export function resolveNames(result: RunResult, ctx: AnalysisContext): Names {
  const rollback = readRollback(result.rollback);
  return {
    deployment: ctx.deployment ?? result.target.deployment ?? '<deployment>',
    namespace: ctx.namespace ?? result.target.namespace ?? '<namespace>',
    container: ctx.container ?? '<container>',
    currentImage: ctx.currentImage ?? rollback?.currentImage ?? result.target.version ?? '<current-image>',
    previousImage: ctx.previousImage ?? rollback?.previousImage ?? '<previous-image>',
    configPath: ctx.configPath ?? '<config>',
    environment: ctx.environment ?? result.target.environment,
    baseUrl: ctx.baseUrl ?? result.target.baseUrl,
    baseUrlArg: ctx.baseUrlArg,
    ...(rollback?.nothingToRollBackTo ? { nothingToRollBackTo: rollback.nothingToRollBackTo } : {}),
  };
}

/** "smoke.yaml", or "the config file" when the run does not say which. */
export const configName = (n: Names): string => (n.configPath.startsWith('<') ? 'the config file' : n.configPath);

const dep = (n: Names): string => `deployment/${sh(n.deployment)} -n ${sh(n.namespace)}`;

export const cmd = {
  logs(n: Names, grep?: string): string {
    const container = n.container.startsWith('<') ? '' : ` -c ${sh(n.container)}`;
    const filter = grep ? ` | grep -iE ${sh(grep)}` : '';
    return `kubectl logs deploy/${sh(n.deployment)}${container} -n ${sh(n.namespace)} --since=15m${filter}`;
  },
  rolloutHistory: (n: Names): string => `kubectl rollout history ${dep(n)}`,
  rolloutStatus: (n: Names): string => `kubectl rollout status ${dep(n)} --timeout=60s`,
  describe: (n: Names): string => `kubectl describe ${dep(n)}`,
  pods: (n: Names): string => `kubectl get pods -n ${sh(n.namespace)} -o wide`,
  top: (n: Names): string => `kubectl top pods -n ${sh(n.namespace)}`,
  events: (n: Names): string => `kubectl get events -n ${sh(n.namespace)} --sort-by=.lastTimestamp`,
  /** The seed's manual rollback: back to the previous image; or, plainly, that there is none (never a failed version). */
  rollback: (n: Names): string =>
    n.nothingToRollBackTo
      ? `none — ${n.nothingToRollBackTo}`
      : `kubectl set image deployment/${sh(n.deployment)} ${sh(n.container)}=${sh(n.previousImage)} -n ${sh(n.namespace)}`,
  rolloutUndo: (n: Names): string => `kubectl rollout undo ${dep(n)}`,
  /** The CLI's own re-run: the same config, base URL and environment, `--only` (space-separated, variadic) last. */
  rerun(n: Names, checks: string[] = []): string {
    const config = n.configPath.startsWith('<') ? '' : ` --config ${sh(n.configPath)}`;
    const baseUrl = n.baseUrlArg ? ` --base-url ${sh(n.baseUrlArg)}` : '';
    const env = n.environment ? ` --environment ${sh(n.environment)}` : '';
    const only = checks.length ? ` --only ${checks.map(sh).join(' ')}` : '';
    return `npx smokeguard run${config}${baseUrl}${env}${only}`;
  },
  curl: (url: string): string => `curl -sS -i --max-time 10 ${sh(url)}`,
  dig: (host: string): string => `dig +short ${sh(host)}`,
  certificate(target: string | undefined): string {
    const hp = hostPort(target);
    const host = hp?.host ?? '<host>';
    // An IPv6 address is bracketed before its port; an IP address is no server name (no SNI).
    const connect = host.includes(':') ? `[${host}]` : host;
    const servername = isIP(host) ? '' : ` -servername ${sh(host)}`;
    const address = hp ? sh(`${connect}:${hp.port ?? '443'}`) : `${host}:443`;
    return `openssl s_client -connect ${address}${servername} </dev/null 2>/dev/null | openssl x509 -noout -subject -enddate -ext subjectAltName`;
  },
  /** The client-side probe of a dependency type, when we know one. */
  probe(type: string, target: string | undefined): string | undefined {
    const hp = hostPort(target);
    if (!hp) return undefined;
    const h = sh(hp.host);
    switch (type) {
      case 'postgres': return `pg_isready -h ${h} -p ${hp.port ?? '5432'}`;
      case 'mysql': case 'mariadb': return `mysqladmin ping -h ${h} -P ${hp.port ?? '3306'}`;
      case 'redis': return `redis-cli -h ${h} -p ${hp.port ?? '6379'} PING`;
      default: return hp.port ? `nc -vz ${h} ${hp.port}` : undefined;
    }
  },
};
