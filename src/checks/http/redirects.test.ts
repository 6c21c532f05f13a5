import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../config/load.js';
import { run } from '../../run/pipeline.js';

/** Redirects against real local servers: health checks follow them (as kubelet probes do), path steps only when asked. */
let server: Server;
let other: Server;
let base: string;
let otherBase: string;

function listen(s: Server): Promise<string> {
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(s.address() as { port: number }).port}`)));
}

beforeAll(async () => {
  other = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ authorization: req.headers.authorization ?? null }));
  });
  otherBase = await listen(other);
  server = createServer((req, res) => {
    const cookie = req.headers.cookie ?? '';
    switch (`${req.method} ${req.url}`) {
      case 'GET /health': return void res.writeHead(200).end('ok');
      case 'GET /moved': return void res.writeHead(301, { location: '/health' }).end();
      case 'GET /loop': return void res.writeHead(302, { location: '/loop' }).end();
      case 'POST /submit': return void res.writeHead(303, { location: '/result' }).end();
      case 'GET /result': return void res.writeHead(200).end('got it');
      case 'GET /away': return void res.writeHead(302, { location: `${otherBase}/echo` }).end();
      case 'POST /form-login': return void res.writeHead(302, { location: '/home', 'set-cookie': 'sid=form-session-123456; Path=/' }).end();
      case 'GET /home': return void res.writeHead(cookie.includes('sid=form-session-123456') ? 200 : 401).end();
      default: return void res.writeHead(404).end();
    }
  });
  base = await listen(server);
});
afterAll(async () => {
  server.closeAllConnections();
  other.closeAllConnections();
  await Promise.all([new Promise((r) => server.close(r)), new Promise((r) => other.close(r))]);
});

async function check(entry: Record<string, unknown>, kind: 'health_checks' | 'critical_paths' = 'health_checks') {
  const { config } = validateConfig({ base_url: base, [kind]: [{ name: 'c', ...entry }] }, { env: {} });
  return (await run(config, { env: {} })).checks[0]!;
}

describe('redirects', () => {
  it('a health check follows a 301 to its target', async () => {
    const c = await check({ endpoint: '/moved', expected_status: 200 });
    expect(c).toMatchObject({ status: 'passed', httpStatus: 200 });
    expect((c.details as { redirects: string[] }).redirects).toEqual([`${base}/health`]);
  });

  it('follow_redirects: false judges the redirect itself', async () => {
    expect(await check({ endpoint: '/moved', follow_redirects: false })).toMatchObject({ status: 'failed', httpStatus: 301 });
  });

  it('a redirect loop stops after 5 hops and fails on the last 302', async () => {
    const c = await check({ endpoint: '/loop' });
    expect(c).toMatchObject({ status: 'failed', httpStatus: 302 });
    expect((c.details as { redirects: string[] }).redirects).toHaveLength(5);
  });

  it('303 after a POST becomes a GET', async () => {
    expect(await check({ method: 'POST', endpoint: '/submit', payload: { a: 1 } })).toMatchObject({ status: 'passed', httpStatus: 200 });
  });

  it('credentials are not carried to another origin', async () => {
    const c = await check({ endpoint: '/away', headers: { authorization: 'Bearer not-for-other-origin' }, expect: { json: { '$.authorization': null } } });
    expect(c.status).toBe('passed');
  });

  it('a path step takes the 302 as its answer, keeps its cookie, and the next step is signed in', async () => {
    const c = await check({ steps: [{ method: 'POST', endpoint: '/form-login', expected_status: 302 }, { endpoint: '/home' }] }, 'critical_paths');
    expect(c.status).toBe('passed');
  });

  it('a path step with follow_redirects lands on the target, carrying the cookie set on the way', async () => {
    const c = await check({ steps: [{ method: 'POST', endpoint: '/form-login', follow_redirects: true }] }, 'critical_paths');
    expect(c.status).toBe('passed');
    expect(c.steps![0]!.httpStatus).toBe(200);
  });
});
