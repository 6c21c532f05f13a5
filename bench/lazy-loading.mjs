// Lazy loading, measured: `smokeguard --version` and a health-checks-only run, timed as whole
// processes and alternating, with every driver installed (this checkout) and with the drivers
// removed (a copy of the bundle whose node_modules lacks them). Equal medians mean a run pays
// only for the drivers its checks use. Prints; asserts nothing. Usage: npm run build && node bench/lazy-loading.mjs [runs]
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, mkdtempSync, readdirSync, symlinkSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const runs = Number(process.argv[2] ?? 15);
const root = fileURLToPath(new URL('..', import.meta.url));
const DRIVERS = new Set(['pg', 'mysql2', 'amqplib', 'nats', 'mqtt', 'nodemailer', '@kubernetes', '@grpc', 'better-sqlite3', 'fastify', '@fastify']);

// A copy of the installed CLI without the drivers.
const bare = mkdtempSync(join(tmpdir(), 'smokeguard-nodrivers-'));
cpSync(join(root, 'dist/bundle'), join(bare, 'dist/bundle'), { recursive: true });
cpSync(join(root, 'package.json'), join(bare, 'package.json'));
mkdirSync(join(bare, 'node_modules'));
for (const name of readdirSync(join(root, 'node_modules'))) {
  if (!DRIVERS.has(name)) symlinkSync(join(root, 'node_modules', name), join(bare, 'node_modules', name));
}

const server = spawn(process.execPath, ['--input-type=module', '-e', `
  const { startDemoService } = await import(${JSON.stringify(new URL('../dist/demo/service.js', import.meta.url).href)});
  console.log((await startDemoService()).url);
`], { stdio: ['ignore', 'pipe', 'inherit'] });
const [line] = await once(server.stdout, 'data');
const config = join(bare, 'health-only.json');
writeFileSync(config, JSON.stringify({
  base_url: String(line).trim(),
  health_checks: [
    { name: 'basic-health', endpoint: '/health' },
    { name: 'readiness', endpoint: '/health/ready' },
    { name: 'liveness', endpoint: '/health/live', required: false },
  ],
}));

function time(tree, args) {
  const started = process.hrtime.bigint();
  const res = spawnSync(process.execPath, [join(tree, 'dist/bundle/smokeguard.cjs'), ...args], { encoding: 'utf8', env: { PATH: process.env.PATH, NO_COLOR: '1' } });
  if (res.status !== 0) throw new Error(`exit ${res.status}: ${res.stdout}${res.stderr}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

for (const [label, args] of [['--version', ['--version']], ['health-checks-only run', ['run', '--config', config]]]) {
  const samples = { with: [], without: [] };
  time(root, args);
  time(bare, args);
  for (let i = 0; i < runs; i++) {
    for (const which of i % 2 ? ['without', 'with'] : ['with', 'without']) samples[which].push(time(which === 'with' ? root : bare, args));
  }
  console.log(`${label.padEnd(24)} with drivers: median ${median(samples.with).toFixed(0)} ms · without drivers: median ${median(samples.without).toFixed(0)} ms (${runs} runs each)`);
}
server.kill();
rmSync(bare, { recursive: true, force: true });
