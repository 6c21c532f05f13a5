import { createServer } from 'node:http';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { init } from '../../src/init/init.js';
import { listenTracked } from '../helpers/listen.js';
import { PG_URL } from '../helpers/cli.js';

/**
 * Each discovery convention against a local server that answers it the way real frameworks do.
 * The starter is written, validated and dry-run by init itself; the tests read what it wrote.
 */
type Route = { status: number; body?: unknown; type?: string };

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function serve(routes: Record<string, Route>): Promise<{ url: string; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(req.url ?? '');
    const route = routes[req.url ?? ''];
    if (!route) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    const text = route.body === undefined ? '' : typeof route.body === 'string' ? route.body : JSON.stringify(route.body);
    res.writeHead(route.status, { 'content-type': route.type ?? 'application/json' }).end(text);
  });
  const listening = await listenTracked(server);
  close = listening.close;
  return { url: `http://127.0.0.1:${listening.port}`, seen };
}

async function initAgainst(url: string, env: Record<string, string> = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'smokeguard-init-'));
  const result = await init({ baseUrl: url, file: join(dir, 'smokeguard.yaml'), env });
  const byName = Object.fromEntries(result.loaded.config.health_checks.map((h) => [h.name, h]));
  return { ...result, byName, yaml: await readFile(join(dir, 'smokeguard.yaml'), 'utf8') };
}

describe('init discovers each convention', () => {
  it('Kubernetes-style /healthz, /readyz, /livez: readiness required, liveness optional', async () => {
    const { url } = await serve({ '/healthz': { status: 200, body: 'ok', type: 'text/plain' }, '/readyz': { status: 200, body: 'ok', type: 'text/plain' }, '/livez': { status: 200, body: 'ok', type: 'text/plain' } });
    const { byName, dryRun, starter, yaml } = await initAgainst(url);
    expect(Object.keys(byName)).toEqual(['healthz', 'readyz', 'livez']);
    // No variable set: the comment names every one init would have picked up.
    expect(yaml).toContain('# dependency_checks: none found (no DATABASE_URL, POSTGRES_URL, MYSQL_URL, REDIS_URL, AMQP_URL, RABBITMQ_URL, NATS_URL, MQTT_URL set)');
    expect(byName.healthz).toMatchObject({ endpoint: '/healthz', required: true });
    expect(byName.readyz).toMatchObject({ endpoint: '/readyz', required: true, timeout_seconds: 10 });
    expect(byName.livez).toMatchObject({ endpoint: '/livez', required: false });
    expect(starter.absent).toEqual(expect.arrayContaining(['/health (404)', '/health/ready (404)', '/actuator/health (404)']));
    expect(dryRun.verdict).toBe('passed');
  });

  it('the seed\'s /health, /health/ready, /health/live', async () => {
    const { url } = await serve({ '/health': { status: 200, body: { status: 'ok' } }, '/health/ready': { status: 200, body: { status: 'ok' } }, '/health/live': { status: 204 } });
    const { byName, dryRun } = await initAgainst(url);
    expect(byName['basic-health']).toMatchObject({ endpoint: '/health', required: true });
    expect(byName.readiness).toMatchObject({ endpoint: '/health/ready', required: true });
    expect(byName.liveness).toMatchObject({ endpoint: '/health/live', required: false, expected_status: 204 });
    expect(dryRun.verdict).toBe('passed');
  });

  it('Spring Boot Actuator: /actuator/health and each group it lists; its components are cross-checked with the environment', async () => {
    const { url, seen } = await serve({
      '/actuator/health': { status: 200, type: 'application/vnd.spring-boot.actuator.v3+json', body: { status: 'UP', groups: ['liveness', 'readiness', 'payments'], components: { db: { status: 'UP' }, redis: { status: 'UP' }, diskSpace: { status: 'UP' } } } },
      '/actuator/health/readiness': { status: 200, body: { status: 'UP' } },
      '/actuator/health/liveness': { status: 200, body: { status: 'UP' } },
      '/actuator/health/payments': { status: 200, body: { status: 'UP' } },
    });
    const { byName, starter, dryRun } = await initAgainst(url, { DATABASE_URL: PG_URL });
    expect(seen).toContain('/actuator/health/payments');
    expect(byName['actuator-health']).toMatchObject({ required: true });
    expect(byName['actuator-readiness']).toMatchObject({ endpoint: '/actuator/health/readiness', required: true });
    expect(byName['actuator-liveness']).toMatchObject({ endpoint: '/actuator/health/liveness', required: false });
    expect(byName['actuator-payments']).toMatchObject({ endpoint: '/actuator/health/payments', required: false });
    // db is covered by DATABASE_URL; redis has no REDIS_URL here: said, not guessed.
    expect(starter.undecided.join('\n')).toContain('/actuator/health reports "redis" (a cache), but no REDIS_URL is set here');
    expect(starter.undecided.join('\n')).not.toContain('"db"');
    expect(starter.dependencies.map((d) => d.name)).toEqual(['database']);
    expect(dryRun.verdict).toBe('passed');
  });

  it('IETF application/health+json: the `checks` name the dependencies; a 503 readiness is kept and said', async () => {
    const body = { status: 'fail', checks: { 'postgres:connections': [{ status: 'fail' }], 'rabbitmq:ping': [{ status: 'pass' }], 'uptime': [{ status: 'pass' }] } };
    const { url } = await serve({ '/health/ready': { status: 503, type: 'application/health+json', body } });
    const { byName, starter, yaml, dryRun } = await initAgainst(url);
    expect(byName.readiness).toMatchObject({ expected_status: 200, required: true });
    expect(yaml).toContain('# /health/ready: the seed\'s full dependency readiness; answered 503 (application/health+json), naming postgres, rabbitmq, uptime');
    const undecided = starter.undecided.join('\n');
    expect(undecided).toContain('/health/ready answered 503 now');
    expect(undecided).toContain('"postgres" (a database), but no DATABASE_URL / POSTGRES_URL / MYSQL_URL is set here');
    expect(undecided).toContain('"rabbitmq" (a queue)');
    expect(undecided).not.toContain('"uptime"');
    expect(dryRun.verdict).toBe('critical');
  });

  it('an endpoint that wants credentials is kept and the missing headers are said', async () => {
    const { url } = await serve({ '/health': { status: 200 }, '/actuator/health': { status: 401, body: { error: 'unauthorized' } } });
    const { byName, starter } = await initAgainst(url);
    expect(byName['actuator-health']).toBeDefined();
    expect(starter.undecided.join('\n')).toContain('/actuator/health answered 401: it needs credentials; add them under `headers`');
  });

  it('every conventional connection variable: a check of the right type; DATABASE_URL follows its scheme', async () => {
    const { url } = await serve({ '/health': { status: 200 } });
    const dir = await mkdtemp(join(tmpdir(), 'smokeguard-init-'));
    const env = {
      DATABASE_URL: 'mysql://root@127.0.0.1:3306/mysql',
      POSTGRES_URL: PG_URL,
      REDIS_URL: 'redis://127.0.0.1:6379',
      AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672',
      RABBITMQ_URL: 'amqp://guest:guest@127.0.0.1:5672/%2F',
      NATS_URL: 'nats://127.0.0.1:4222',
      MQTT_URL: 'mqtt://127.0.0.1:1883',
      MYSQL_URL: 'mysql://root@127.0.0.1:3306/mysql',
    };
    const result = await init({ baseUrl: url, file: join(dir, 'smokeguard.yaml'), env });
    const deps = result.loaded.config.dependency_checks.map((d) => [d.name, d.type, d.required]);
    expect(deps).toEqual([
      ['database', 'mysql', true],
      ['postgres', 'postgres', true],
      ['mysql', 'mysql', true],
      ['redis-cache', 'redis', false],
      ['message-queue', 'amqp', true],
      ['rabbitmq', 'amqp', true],
      ['nats', 'nats', true],
      ['mqtt', 'mqtt', true],
    ]);
    const yaml = await readFile(join(dir, 'smokeguard.yaml'), 'utf8');
    for (const [name, value] of Object.entries(env)) {
      expect(yaml).toContain(`\${${name}}`);
      expect(yaml).not.toContain(value);
    }
    // The real MariaDB, PostgreSQL, Redis, RabbitMQ, NATS and Mosquitto on this machine answer.
    expect(result.dryRun.checks.filter((c) => c.kind === 'dependency').map((c) => [c.name, c.status, c.reason])).toEqual(deps.map(([n]) => [n, 'passed', undefined]));
  });

  it('a service that answers any path (a catch-all, a single-page app): said, since its 200s prove nothing', async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><div id="app"></div>');
    });
    const listening = await listenTracked(server);
    close = listening.close;
    const { starter } = await initAgainst(`http://127.0.0.1:${listening.port}`);
    const control = seen.find((u) => u.startsWith('/smokeguard-init-no-such-path-'));
    expect(control).toBeDefined();
    expect(starter.undecided.join('\n')).toContain(`${control}, a path no service has, answered 200 too: this service answers any path, so a 2xx from /health, /health/ready, /health/live, /healthz, /readyz, /livez, /actuator/health may not mean healthy`);
  });

  it('a service that answers 404 where nothing is: no such note', async () => {
    const { url, seen } = await serve({ '/health': { status: 200 } });
    const { starter } = await initAgainst(url);
    expect(seen.some((u) => u.startsWith('/smokeguard-init-no-such-path-'))).toBe(true);
    expect(starter.undecided.join('\n')).not.toContain('answers any path');
  });

  it('a DATABASE_URL of an engine it cannot check is said, not guessed', async () => {
    const { url } = await serve({ '/health': { status: 200 } });
    const { starter } = await initAgainst(url, { DATABASE_URL: 'sqlserver://db.internal:1433' });
    expect(starter.dependencies).toEqual([]);
    expect(starter.undecided.join('\n')).toContain('DATABASE_URL is set, but its scheme is neither postgres nor mysql');
  });
});
