// The peer suite: 3 health GETs, login → profile with a captured bearer token, list, create —
// the same requests made by smokeguard and by newman (Postman's CLI), against one local server.
// newman is installed into a temp folder from the npm registry (its cache) on first use; when it
// cannot be installed the comparison is skipped with the reason.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compare } from './measure.mjs';

const SERVER = `
  import http from 'node:http';
  const items = [];
  const json = (res, status, body) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(body)); };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const authed = req.headers.authorization === 'Bearer t0ken';
      if (req.method === 'GET' && req.url.startsWith('/health')) return json(res, 200, { status: 'ok' });
      if (req.method === 'POST' && req.url === '/login') return JSON.parse(body || '{}').user === 'smoke' ? json(res, 200, { token: 't0ken' }) : json(res, 401, {});
      if (!authed) return json(res, 401, { error: 'unauthorized' });
      if (req.method === 'GET' && req.url === '/profile') return json(res, 200, { user: 'smoke' });
      if (req.method === 'GET' && req.url === '/items') return json(res, 200, items.slice(-10));
      if (req.method === 'POST' && req.url === '/items') { const item = { id: items.length + 1, ...JSON.parse(body || '{}') }; items.push(item); return json(res, 201, item); }
      json(res, 404, {});
    });
  });
  server.listen(0, '127.0.0.1', () => console.log('http://127.0.0.1:' + server.address().port));
`;

function smokeguardConfig(base) {
  const auth = { authorization: 'Bearer ${token}' };
  return {
    base_url: base,
    health_checks: ['/health', '/health/ready', '/health/live'].map((endpoint, i) => ({ name: `health-${i}`, endpoint })),
    critical_paths: [
      { name: 'login-profile', steps: [
        { method: 'POST', endpoint: '/login', payload: { user: 'smoke' }, capture: { token: '$.token' } },
        { method: 'GET', endpoint: '/profile', headers: auth, required_status: 200 },
      ] },
      { name: 'list-create', steps: [
        { method: 'POST', endpoint: '/login', payload: { user: 'smoke' }, capture: { token: '$.token' } },
        { method: 'GET', endpoint: '/items', headers: auth, required_status: 200 },
        { method: 'POST', endpoint: '/items', headers: auth, payload: { name: 'smoke' }, required_status: 201 },
      ] },
    ],
  };
}

function newmanCollection(base) {
  const test = (status, extra = '') => [{ listen: 'test', script: { exec: [`pm.test('status', () => pm.response.to.have.status(${status}));`, extra] } }];
  const req = (name, method, path, status, { body, extra } = {}) => ({
    name,
    event: test(status, extra),
    request: {
      method, url: `${base}${path}`,
      header: [{ key: 'content-type', value: 'application/json' }, ...(path.startsWith('/health') || path === '/login' ? [] : [{ key: 'authorization', value: 'Bearer {{token}}' }])],
      ...(body ? { body: { mode: 'raw', raw: JSON.stringify(body) } } : {}),
    },
  });
  return {
    info: { name: 'peer suite', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    item: [
      req('health', 'GET', '/health', 200), req('ready', 'GET', '/health/ready', 200), req('live', 'GET', '/health/live', 200),
      req('login', 'POST', '/login', 200, { body: { user: 'smoke' }, extra: "pm.collectionVariables.set('token', pm.response.json().token);" }),
      req('profile', 'GET', '/profile', 200),
      req('list', 'GET', '/items', 200),
      req('create', 'POST', '/items', 201, { body: { name: 'smoke' } }),
    ],
  };
}

function installNewman() {
  const dir = join(tmpdir(), 'smokeguard-bench-newman');
  const bin = join(dir, 'node_modules/newman/bin/newman.js');
  if (existsSync(bin)) return { bin };
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{"private":true}');
  const res = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', 'newman@6'], { cwd: dir, encoding: 'utf8' });
  return res.status === 0 && existsSync(bin) ? { bin } : { why: `npm install newman failed: ${(res.stderr || '').trim().split('\n').pop()}` };
}

export async function peerSuite({ cli, runs }) {
  const newman = installNewman();
  if (!newman.bin) return { why: newman.why };
  const server = spawn(process.execPath, ['--input-type=module', '-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const base = String((await once(server.stdout, 'data'))[0]).trim();
    const dir = join(tmpdir(), 'smokeguard-bench-peers');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'smokeguard.json'), JSON.stringify(smokeguardConfig(base)));
    writeFileSync(join(dir, 'collection.json'), JSON.stringify(newmanCollection(base)));
    const env = { PATH: process.env.PATH, NO_COLOR: '1' };
    const r = compare({
      smokeguard: [process.execPath, [cli, 'run', '--config', join(dir, 'smokeguard.json')], { env }],
      newman: [process.execPath, [newman.bin, 'run', join(dir, 'collection.json'), '--bail'], { env }],
    }, runs);
    return { smokeguard: r.smokeguard.ms, newman: r.newman.ms };
  } finally {
    server.kill();
  }
}
