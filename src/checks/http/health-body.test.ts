import { describe, expect, it } from 'vitest';
import { describeComponents, failingComponents } from './health-body.js';

describe('failingComponents', () => {
  const cases: Array<{ name: string; body: unknown; expected: string }> = [
    { name: 'IETF health+json, failing entry', body: { status: 'fail', checks: { 'db:connections': [{ status: 'fail', output: 'timeout' }], 'cache:latency': [{ status: 'pass' }] } }, expected: 'db:connections: timeout' },
    { name: 'IETF, componentId added when the key lacks it', body: { checks: { 'disk:usage': [{ componentId: 'vol-1', status: 'fail' }, { componentId: 'vol-2', status: 'pass' }] } }, expected: 'disk:usage (vol-1): fail' },
    { name: 'IETF warn is not a cause', body: { status: 'fail', checks: { 'db:latency': [{ status: 'warn', output: 'slow' }], 'queue:depth': [{ status: 'fail', output: 'backlog 10000' }] } }, expected: 'queue:depth: backlog 10000' },
    { name: 'Actuator 2.x+, nested groups', body: { status: 'DOWN', components: { db: { status: 'DOWN', details: { error: 'refused' } }, ping: { status: 'UP' }, group: { status: 'DOWN', components: { redis: { status: 'OUT_OF_SERVICE' } } } } }, expected: 'db: refused; group.redis: OUT_OF_SERVICE' },
    { name: 'Actuator 1.x, components at the top level', body: { status: 'DOWN', db: { status: 'DOWN', error: 'org.postgresql.util.PSQLException: refused' }, diskSpace: { status: 'UP', free: 1 } }, expected: 'db: org.postgresql.util.PSQLException: refused' },
    { name: 'ad-hoc checks map of strings', body: { checks: { database: 'down', cache: 'ok' } }, expected: 'database: down' },
    { name: 'ad-hoc checks map of objects', body: { checks: { database: { status: 'unhealthy', message: 'no route' } } }, expected: 'database: no route' },
    { name: 'healthy body', body: { status: 'UP', components: { db: { status: 'UP' } } }, expected: '' },
    { name: 'plain status only', body: { status: 'down' }, expected: '' },
    { name: 'an API error body is not an Actuator one', body: { status: 'error', data: { status: 'pending' } }, expected: '' },
    { name: 'not an object', body: ['down'], expected: '' },
  ];
  it.each(cases)('$name', ({ body, expected }) => {
    expect(describeComponents(failingComponents(body))).toBe(expected);
  });
});
