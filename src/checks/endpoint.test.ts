import { describe, expect, it } from 'vitest';
import { checkOptionProblems } from '../../test/helpers/check-options.js';
import { amqp } from './amqp/amqp.js';
import type { CheckType } from './check-type.js';
import { connectionUrl, describeEndpoint, formatMs } from './endpoint.js';
import { mqtt } from './mqtt/mqtt.js';
import { mysql } from './mysql/mysql.js';
import { nats } from './nats/nats.js';
import { redis } from './redis/redis.js';

describe('url options are checked when the config is loaded', () => {
  const cases: Array<{ name: string; type: CheckType; url: string; problem?: RegExp }> = [
    { name: 'mysql url', type: mysql, url: 'mysql://app:pw@db:3306/orders' },
    { name: 'mariadb scheme', type: mysql, url: 'mariadb://db/orders' },
    { name: 'mysql: postgres url by mistake', type: mysql, url: 'postgres://app:s3cret-pw@db/orders', problem: /^url: expected a URL like mysql:\/\/user:password@host:3306\/db \(scheme mysql:\/\/, mariadb:\/\/\)$/ },
    { name: 'redis: TLS scheme', type: redis, url: 'rediss://cache:6380' },
    { name: 'redis: scheme missing', type: redis, url: 'cache:6379', problem: /^url: expected a URL like redis:\/\// },
    { name: 'amqp: typo in scheme', type: amqp, url: 'amqp//guest:guest@mq', problem: /^url: expected a URL like amqp:\/\// },
    { name: 'nats: tls scheme', type: nats, url: 'tls://events:4222' },
    { name: 'mqtt: websocket', type: mqtt, url: 'wss://broker/mqtt' },
    { name: 'mqtt: no host', type: mqtt, url: 'mqtt://', problem: /^url: expected a URL like mqtt:\/\// },
  ];
  it.each(cases)('$name', ({ type, url, problem }) => {
    const problems = checkOptionProblems(type, { url });
    if (!problem) return expect(problems).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(problem);
    expect(problems[0]).not.toContain('s3cret-pw');
  });
});

describe('endpoint helpers', () => {
  const spec = { schemes: ['redis', 'rediss'], example: 'redis://host:6379', env: 'REDIS_URL' };
  it.each([
    { name: 'the check url first', fields: { url: 'redis://a:1', host: 'b' }, env: { REDIS_URL: 'redis://c:2' }, expected: { url: 'redis://a:1' } },
    { name: 'fields over the environment', fields: { host: 'b' }, env: { REDIS_URL: 'redis://c:2' }, expected: {} },
    { name: 'the environment when nothing is set', fields: {}, env: { REDIS_URL: 'rediss://c:2' }, expected: { url: 'rediss://c:2' } },
    { name: 'an empty variable is no setting', fields: {}, env: { REDIS_URL: '' }, expected: { reason: 'no connection settings: set url (or host) on the check, or REDIS_URL' } },
    { name: 'a variable that holds no such URL, value not repeated', fields: {}, env: { REDIS_URL: 'http://u:s3cret@c' }, expected: { reason: 'REDIS_URL is not a URL like redis://host:6379' } },
  ])('connectionUrl: $name', ({ fields, env, expected }) => {
    expect(connectionUrl(fields, env, spec)).toEqual(expected);
  });

  it.each([
    { name: 'url without port', url: 'mysql://app:pw@db/orders', fields: {}, expected: 'db:3306' },
    { name: 'url with port, password left out', url: 'amqp://guest:secret@mq:5673', fields: {}, expected: 'mq:5673' },
    { name: 'IPv6 url', url: 'redis://[::1]:6380', fields: {}, expected: '[::1]:6380' },
    { name: 'IPv6 field', url: undefined, fields: { host: '::1', port: 4222 }, expected: '[::1]:4222' },
    { name: 'fields default to localhost', url: undefined, fields: {}, expected: 'localhost:3306' },
  ])('describeEndpoint: $name', ({ url, fields, expected }) => {
    expect(describeEndpoint(url, fields, 3306)).toBe(expected);
  });

  it.each([
    { ms: 3000, expected: '3 s' },
    { ms: 2800, expected: '2.8 s' },
    { ms: 250, expected: '250 ms' },
  ])('formatMs($ms) = $expected', ({ ms, expected }) => {
    expect(formatMs(ms)).toBe(expected);
  });
});
