import { checkTypeOf, type CheckOptionsDef, type CheckType } from './check-type.js';
import {
  amqpOptions, authOptions, dnsOptions, grpcOptions, httpOptions, mqttOptions, mysqlOptions, natsOptions,
  postgresOptions, prometheusOptions, rateLimitOptions, redisOptions, tcpOptions, tlsOptions,
} from './options.js';

/**
 * A registry entry: the type's options (all that config needs, built when first read) and its
 * implementation, imported when a check of the type first runs. A run loads only the types it
 * uses; each type's driver is imported inside its `run` in turn.
 */
function lazyCheck(options: CheckOptionsDef, load: () => Promise<CheckType>): CheckType {
  let implementation: Promise<CheckType> | undefined;
  return checkTypeOf(options, async (opts, ctx) => (await (implementation ??= load())).run(opts, ctx));
}

/** Every dependency check type, one line each. */
export const CHECK_TYPES: readonly CheckType[] = [
  lazyCheck(httpOptions, async () => (await import('./http/http.js')).http),
  lazyCheck(postgresOptions, async () => (await import('./postgres/postgres.js')).postgres),
  lazyCheck(mysqlOptions, async () => (await import('./mysql/mysql.js')).mysql),
  lazyCheck(redisOptions, async () => (await import('./redis/redis.js')).redis),
  lazyCheck(amqpOptions, async () => (await import('./amqp/amqp.js')).amqp),
  lazyCheck(natsOptions, async () => (await import('./nats/nats.js')).nats),
  lazyCheck(mqttOptions, async () => (await import('./mqtt/mqtt.js')).mqtt),
  lazyCheck(tcpOptions, async () => (await import('./tcp/tcp.js')).tcp),
  lazyCheck(dnsOptions, async () => (await import('./dns/dns.js')).dns),
  lazyCheck(tlsOptions, async () => (await import('./tls/tls.js')).tls),
  lazyCheck(grpcOptions, async () => (await import('./grpc/grpc.js')).grpc),
  lazyCheck(rateLimitOptions, async () => (await import('./rate-limit/rate-limit.js')).rateLimit),
  lazyCheck(authOptions, async () => (await import('./auth/auth.js')).auth),
  lazyCheck(prometheusOptions, async () => (await import('./prometheus/prometheus.js')).prometheus),
];

export function checkType(type: string): CheckType | undefined {
  return CHECK_TYPES.find((t) => t.type === type);
}
