/**
 * Every check type's options, in one module. The registry and each implementation import a
 * type's options from here, so that the bundle keeps them in one chunk, loaded with the config:
 * esbuild groups modules by the set of lazily loaded entries that reach them, and an options
 * module imported only by its own implementation (and the registry) got a file of its own — a
 * dozen tiny files every run loaded one by one.
 */
export { amqpOptions } from './amqp/options.js';
export { authOptions } from './auth/options.js';
export { dnsOptions } from './dns/options.js';
export { grpcOptions } from './grpc/options.js';
export { httpOptions } from './http/options.js';
export { mqttOptions } from './mqtt/options.js';
export { mysqlOptions } from './mysql/options.js';
export { natsOptions } from './nats/options.js';
export { postgresOptions } from './postgres/options.js';
export { prometheusOptions } from './prometheus/options.js';
export { rateLimitOptions } from './rate-limit/options.js';
export { redisOptions } from './redis/options.js';
export { tlsOptions } from './tls/options.js';
export { tcpOptions } from './tcp/options.js';
