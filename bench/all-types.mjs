// A config with one check of every type that has a real peer on this machine (PostgreSQL, MariaDB,
// Redis, RabbitMQ, NATS, Mosquitto, a TCP port, DNS for localhost, the demo service over HTTP,
// critical paths), run as a whole process: the run should take about as long as its slowest
// check, since checks run concurrently. Prints; asserts nothing. Usage: npm run build && node bench/all-types.mjs [runs]
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const runs = Number(process.argv[2] ?? 9);
const cli = fileURLToPath(new URL('../dist/bundle/smokeguard.cjs', import.meta.url));
const server = spawn(process.execPath, ['--input-type=module', '-e', `
  const { startDemoService } = await import(${JSON.stringify(new URL('../dist/demo/service.js', import.meta.url).href)});
  console.log((await startDemoService()).url);
`], { stdio: ['ignore', 'pipe', 'inherit'] });
const [line] = await once(server.stdout, 'data');
const dir = mkdtempSync(join(tmpdir(), 'smokeguard-all-types-'));
const config = join(dir, 'smokeguard.json');
writeFileSync(config, JSON.stringify({
  base_url: String(line).trim(),
  health_checks: [{ name: 'readiness', endpoint: '/health/ready' }],
  dependency_checks: [
    { name: 'postgres', type: 'postgres', url: 'postgres://postgres@127.0.0.1:5432/test' },
    { name: 'mysql', type: 'mysql', url: 'mysql://root@127.0.0.1:3306/test' },
    { name: 'redis', type: 'redis', url: 'redis://127.0.0.1:6379', expect_info: { role: 'master' } },
    { name: 'amqp', type: 'amqp', url: 'amqp://guest:guest@127.0.0.1:5672' },
    { name: 'nats', type: 'nats', url: 'nats://127.0.0.1:4222' },
    { name: 'mqtt', type: 'mqtt', url: 'mqtt://127.0.0.1:1883', round_trip_topic: 'smokeguard/bench' },
    { name: 'tcp', type: 'tcp', host: '127.0.0.1', port: 5432 },
    { name: 'dns', type: 'dns', host: 'localhost' },
    { name: 'http', type: 'http', endpoint: '/auth/health' },
  ],
  critical_paths: [{ name: 'login', steps: [
    { method: 'POST', endpoint: '/api/auth/login', payload: { email: 'test@example.com', password: 'test' } },
    { endpoint: '/api/user/profile' },
  ] }],
}));

const rows = [];
for (let i = 0; i < runs; i++) {
  const started = process.hrtime.bigint();
  const res = spawnSync(process.execPath, [cli, 'run', '--config', config, '--json'], { encoding: 'utf8', env: { PATH: process.env.PATH, NO_COLOR: '1' } });
  const wall = Number(process.hrtime.bigint() - started) / 1e6;
  if (res.status !== 0) throw new Error(`exit ${res.status}: ${res.stderr}`);
  const result = JSON.parse(res.stdout);
  const slowest = result.checks.reduce((a, c) => (c.durationMs > a.durationMs ? c : a));
  const sum = result.checks.reduce((a, c) => a + c.durationMs, 0);
  rows.push({ wall, checks: result.checks.length, run: result.durationMs, slowest: slowest.durationMs, slowestName: slowest.name, sum });
}
server.kill();
const median = (k) => [...rows.map((r) => r[k])].sort((a, b) => a - b)[Math.floor(rows.length / 2)];
console.log(`every check type with a local peer (${rows[0].checks} checks), ${runs} runs:`);
console.log(`  run (result.durationMs) median ${median('run')} ms · slowest check median ${median('slowest')} ms (${rows.at(-1).slowestName}) · sum of all checks median ${median('sum')} ms`);
console.log(`  whole process median ${median('wall').toFixed(0)} ms (includes Node start and loading each driver once)`);
