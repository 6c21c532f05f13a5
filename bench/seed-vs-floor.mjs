// Times, as whole processes and alternating, a healthy run of the seed config (unchanged) against
// the bundled demo service, PostgreSQL and Redis, and the hand-written floor (bench/floor.mjs).
// Prints both medians and their ratio. Asserts nothing. Usage: npm run bench [-- runs]
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const runs = Number(process.argv[2] ?? 15);
const root = fileURLToPath(new URL('..', import.meta.url));
const seedDir = fileURLToPath(new URL('../test/fixtures/seed', import.meta.url));
// The target runs in its own process: the timed runs below block this one.
const server = spawn(process.execPath, ['--input-type=module', '-e', `
  const { startDemoService } = await import(${JSON.stringify(new URL('../dist/demo/service.js', import.meta.url).href)});
  const s = await startDemoService();
  console.log(s.url);
`], { stdio: ['ignore', 'pipe', 'inherit'] });
const [line] = await once(server.stdout, 'data');
const service = { url: String(line).trim() };
const env = {
  PATH: process.env.PATH,
  NO_COLOR: '1',
  SMOKEGUARD_BASE_URL: service.url,
  DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
};

const contenders = {
  smokeguard: [process.execPath, [`${root}dist/bundle/smokeguard.mjs`, 'run'], seedDir],
  floor: [process.execPath, [`${root}bench/floor.mjs`], root],
};

function time([cmd, args, cwd]) {
  const started = process.hrtime.bigint();
  const res = spawnSync(cmd, args, { cwd, env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (res.status !== 0) throw new Error(`${args[0]} exited ${res.status}:\n${res.stdout}\n${res.stderr}`);
  return ms;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const samples = { smokeguard: [], floor: [] };
time(contenders.smokeguard); // warm the file-system cache for both
time(contenders.floor);
for (let i = 0; i < runs; i++) {
  for (const name of i % 2 ? ['floor', 'smokeguard'] : ['smokeguard', 'floor']) samples[name].push(time(contenders[name]));
}
server.kill();

const sg = median(samples.smokeguard);
const fl = median(samples.floor);
console.log(`seed config, healthy, ${runs} alternating runs each (whole processes, Node ${process.version})`);
console.log(`  smokeguard run   median ${sg.toFixed(0)} ms   (min ${Math.min(...samples.smokeguard).toFixed(0)}, max ${Math.max(...samples.smokeguard).toFixed(0)})`);
console.log(`  floor (node:http) median ${fl.toFixed(0)} ms   (min ${Math.min(...samples.floor).toFixed(0)}, max ${Math.max(...samples.floor).toFixed(0)})`);
console.log(`  ratio ${(sg / fl).toFixed(2)} (goal ≤ 1.8)`);
