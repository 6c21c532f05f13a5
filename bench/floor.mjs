// The floor: the least any tool must do for the seed config, hand-written and tight. node:http
// for the HTTP requests, pg for `SELECT 1`, a raw RESP `PING` over node:net for Redis, all
// concurrent (only login → profile is sequential: the profile needs the login's cookie).
// No validation, no reports, no redaction. Exit 0 when every check passes.
import http from 'node:http';
import net from 'node:net';
import { createRequire } from 'node:module';

const base = new URL(process.env.SMOKEGUARD_BASE_URL);
const agent = new http.Agent({ keepAlive: true });

function request(method, path, { body, headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: base.hostname, port: base.port, method, path, agent, headers: body ? { 'content-type': 'application/json', ...headers } : headers, timeout: 5000 }, (res) => {
      let data = '';
      res.on('data', (c) => (data += c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: data }));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

async function postgres() {
  // As tight as smokeguard's own loading (src/util/load-pg.ts): the `navigator` Node 21+ has
  // answers pg's Cloudflare probe, which on Node 20 otherwise loads Node's internal fetch (~16 ms).
  globalThis.navigator = { userAgent: 'Node.js/20' };
  const pg = createRequire(import.meta.url)('pg');
  delete globalThis.navigator;
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL, connectionTimeoutMillis: 5000 });
  await client.connect();
  await client.query('SELECT 1');
  await client.end();
  return true;
}

function redis() {
  const url = new URL(process.env.REDIS_URL);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port || 6379) }, () => socket.write('*1\r\n$4\r\nPING\r\n'));
    socket.setTimeout(3000, () => socket.destroy(new Error('timeout')));
    socket.once('data', (d) => {
      socket.end();
      resolve(String(d) === '+PONG\r\n');
    });
    socket.once('error', reject);
  });
}

async function login() {
  const res = await request('POST', '/api/auth/login', { body: { email: 'test@example.com', password: 'test' } });
  const cookie = [].concat(res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
  const profile = await request('GET', '/api/user/profile', { headers: { cookie } });
  return res.status < 300 && profile.status === 200;
}

const results = await Promise.all([
  request('GET', '/health').then((r) => r.status === 200),
  request('GET', '/health/ready').then((r) => r.status === 200),
  request('GET', '/health/live').then((r) => r.status === 200),
  postgres(),
  redis(),
  login(),
  request('GET', '/api/resources').then((r) => r.status === 200),
]);
agent.destroy();
process.exit(results.every(Boolean) ? 0 : 1);
