/**
 * What `smokeguard init` looks for, and how it classifies what it finds — the seed's rule:
 * readiness and databases are required, liveness and caches are optional.
 */

/** Why a health endpoint exists, which decides its name, timeout and whether it is required. */
export type EndpointRole = 'basic' | 'readiness' | 'liveness' | 'startup' | 'group';

export interface EndpointConvention {
  endpoint: string;
  name: string;
  role: EndpointRole;
  /** Where the convention comes from, for the comment in the config. */
  origin: string;
}

/** Probed in this order; the config lists them in this order too. */
export const ENDPOINT_CONVENTIONS: EndpointConvention[] = [
  { endpoint: '/health', name: 'basic-health', role: 'basic', origin: 'the seed\'s basic readiness check' },
  { endpoint: '/health/ready', name: 'readiness', role: 'readiness', origin: 'the seed\'s full dependency readiness' },
  { endpoint: '/health/live', name: 'liveness', role: 'liveness', origin: 'the seed\'s liveness probe' },
  { endpoint: '/healthz', name: 'healthz', role: 'basic', origin: 'Kubernetes-style health' },
  { endpoint: '/readyz', name: 'readyz', role: 'readiness', origin: 'Kubernetes-style readiness' },
  { endpoint: '/livez', name: 'livez', role: 'liveness', origin: 'Kubernetes-style liveness' },
  { endpoint: '/actuator/health', name: 'actuator-health', role: 'basic', origin: 'Spring Boot Actuator' },
];

/** Spring Boot's health groups live under /actuator/health/<group>; these two have a known role. */
export function actuatorGroup(group: string): EndpointConvention {
  const role: EndpointRole = group === 'readiness' ? 'readiness' : group === 'liveness' ? 'liveness' : 'group';
  return { endpoint: `/actuator/health/${encodeURIComponent(group)}`, name: `actuator-${group.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}`, role, origin: `Spring Boot Actuator health group "${group}"` };
}

/** Required unless the endpoint only says the process is alive (a restart matter, not a rollback one). */
export function isRequiredRole(role: EndpointRole): boolean {
  return role === 'basic' || role === 'readiness';
}

export const TIMEOUT_SECONDS: Record<EndpointRole, number> = { basic: 5, readiness: 10, liveness: 5, startup: 5, group: 5 };

/** A connection variable a service conventionally reads, and the check that proves the dependency answers. */
export interface VariableConvention {
  variable: string;
  name: string;
  /** The check type; for DATABASE_URL it follows the URL's scheme. */
  type: 'postgres' | 'mysql' | 'redis' | 'amqp' | 'nats' | 'mqtt';
  required: boolean;
  /** Type-specific fields, as the seed writes them. */
  fields: Record<string, string>;
  why: string;
  timeoutSeconds: number;
}

const DATABASE = { required: true, why: 'a database: required (the service cannot work without it)', timeoutSeconds: 5 };
const QUEUE = { required: true, why: 'a message queue: required (set required: false if the service can run without it)', timeoutSeconds: 5 };

export const VARIABLE_CONVENTIONS: VariableConvention[] = [
  { variable: 'DATABASE_URL', name: 'database', type: 'postgres', fields: { query: 'SELECT 1' }, ...DATABASE },
  { variable: 'POSTGRES_URL', name: 'postgres', type: 'postgres', fields: { query: 'SELECT 1' }, ...DATABASE },
  { variable: 'MYSQL_URL', name: 'mysql', type: 'mysql', fields: { query: 'SELECT 1' }, ...DATABASE },
  { variable: 'REDIS_URL', name: 'redis-cache', type: 'redis', fields: { command: 'PING' }, required: false, why: 'a cache: optional (its loss degrades, it does not break)', timeoutSeconds: 3 },
  { variable: 'AMQP_URL', name: 'message-queue', type: 'amqp', fields: {}, ...QUEUE },
  { variable: 'RABBITMQ_URL', name: 'rabbitmq', type: 'amqp', fields: {}, ...QUEUE },
  { variable: 'NATS_URL', name: 'nats', type: 'nats', fields: {}, ...QUEUE },
  { variable: 'MQTT_URL', name: 'mqtt', type: 'mqtt', fields: {}, ...QUEUE },
];

/** DATABASE_URL names no engine; its scheme does. Only the scheme is read, never written. */
export function databaseTypeOf(url: string): 'postgres' | 'mysql' | undefined {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'postgres' || scheme === 'postgresql') return 'postgres';
  if (scheme === 'mysql' || scheme === 'mariadb') return 'mysql';
  return undefined;
}

/** What a health body's component name suggests (`database:connections` → database), to cross-check with the environment. */
export function componentKind(component: string): 'database' | 'cache' | 'queue' | undefined {
  const c = component.toLowerCase();
  if (/(^|[^a-z])(db|database|datasource|postgres|postgresql|pg|mysql|mariadb|sql)([^a-z]|$)/.test(c)) return 'database';
  if (/redis|cache|memcache/.test(c)) return 'cache';
  if (/rabbit|amqp|queue|nats|mqtt|kafka|broker/.test(c)) return 'queue';
  return undefined;
}

export const KIND_VARIABLES: Record<'database' | 'cache' | 'queue', string[]> = {
  database: ['DATABASE_URL', 'POSTGRES_URL', 'MYSQL_URL'],
  cache: ['REDIS_URL'],
  queue: ['AMQP_URL', 'RABBITMQ_URL', 'NATS_URL', 'MQTT_URL'],
};
