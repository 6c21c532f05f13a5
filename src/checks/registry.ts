import { amqp } from './amqp/amqp.js';
import { auth } from './auth/auth.js';
import type { CheckType } from './check-type.js';
import { dns } from './dns/dns.js';
import { grpc } from './grpc/grpc.js';
import { http } from './http/http.js';
import { mqtt } from './mqtt/mqtt.js';
import { mysql } from './mysql/mysql.js';
import { nats } from './nats/nats.js';
import { postgres } from './postgres/postgres.js';
import { prometheus } from './prometheus/prometheus.js';
import { rateLimit } from './rate-limit/rate-limit.js';
import { redis } from './redis/redis.js';
import { tls } from './tls/tls.js';
import { tcp } from './tcp/tcp.js';

/**
 * Every dependency check type, one line each. A type module imports nothing heavy at load:
 * its driver is imported inside `run`, so unused drivers are never loaded.
 */
export const CHECK_TYPES: readonly CheckType[] = [
  http,
  postgres,
  mysql,
  redis,
  amqp,
  nats,
  mqtt,
  tcp,
  dns,
  tls,
  grpc,
  rateLimit,
  auth,
  prometheus,
];

export function checkType(type: string): CheckType | undefined {
  return CHECK_TYPES.find((t) => t.type === type);
}
