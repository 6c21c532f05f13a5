// The floor: a hand-written script making the seed config's requests and queries on node:http,
// pg and ioredis, as concurrently as the seed allows (the login → profile path is sequential).
// No validation, no reports, no redaction: the least any tool must do. Exit 0 when all pass.
import http from 'node:http';

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
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL, connectionTimeoutMillis: 5000 });
  await client.connect();
  await client.query('SELECT 1');
  await client.end();
  return true;
}

async function redis() {
  const { Redis } = await import('ioredis');
  const client = new Redis(process.env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0 });
  await client.connect();
  const ok = (await client.ping()) === 'PONG';
  await client.quit();
  return ok;
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
