// `npm run bench`: smokeguard's start-up and scale goals, measured as whole processes on this
// machine and printed as ratios. Asserts nothing. Usage: npm run bench [-- runs]
//   1. a healthy run of the seed config (unchanged) vs the tight hand-written floor (bench/floor.mjs)
//   2. `smokeguard --version` vs `node -e 0`
//   3. peak memory (max RSS) of 1. vs the floor's
//   4. 1,000 health checks against a local service: wall time and peak memory
//   5. the peer suite vs newman (bench/peer-suite.mjs), when newman can be installed
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compare, measure, median } from './measure.mjs';
import { peerSuite } from './peer-suite.mjs';

const runs = Number(process.argv[2] ?? 15);
const root = fileURLToPath(new URL('..', import.meta.url));
const cli = `${root}dist/bundle/smokeguard.cjs`;
const seedDir = join(root, 'test/fixtures/seed');

// The target runs in its own process: the timed runs below block this one.
const server = spawn(process.execPath, ['--input-type=module', '-e', `
  const { startDemoService } = await import(${JSON.stringify(new URL('../dist/demo/service.js', import.meta.url).href)});
  console.log((await startDemoService()).url);
`], { stdio: ['ignore', 'pipe', 'inherit'] });
const [line] = await once(server.stdout, 'data');
const env = {
  PATH: process.env.PATH,
  NO_COLOR: '1',
  SMOKEGUARD_BASE_URL: String(line).trim(),
  DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
};
const node = process.execPath;
const row = (label, value, goal, ok) => console.log(`  ${label.padEnd(44)} ${value.padEnd(34)} goal ${goal} ${ok ? '✓' : '✗'}`);
const ms = (x) => `${x.toFixed(0)} ms`;

console.log(`smokeguard benchmarks — Node ${process.version}, ${runs} alternating runs each, medians, whole processes`);

try {
  const seed = compare({
    smokeguard: [node, [cli, 'run'], { cwd: seedDir, env }],
    floor: [node, [join(root, 'bench/floor.mjs')], { cwd: root, env }],
  }, runs);
  const t = seed.smokeguard.ms / seed.floor.ms;
  row('seed config healthy run / tight floor', `${ms(seed.smokeguard.ms)} / ${ms(seed.floor.ms)} = ${t.toFixed(2)}×`, '≤ 1.4×', t <= 1.4);

  const version = compare({
    smokeguard: [node, [cli, '--version'], { env }],
    node: [node, ['-e', '0'], { env }],
  }, runs);
  const v = version.smokeguard.ms / version.node.ms;
  row('smokeguard --version / node -e 0', `${ms(version.smokeguard.ms)} / ${ms(version.node.ms)} = ${v.toFixed(2)}×`, '≤ 1.15×', v <= 1.15);

  const m = seed.smokeguard.rssMB / seed.floor.rssMB;
  row('peak memory, seed run / floor', `${seed.smokeguard.rssMB.toFixed(0)} MB / ${seed.floor.rssMB.toFixed(0)} MB = ${m.toFixed(2)}×`, '≤ 1.2×', m <= 1.2);

  const dir = mkdtempSync(join(tmpdir(), 'smokeguard-bench-1000-'));
  const config = join(dir, 'smokeguard.json');
  writeFileSync(config, JSON.stringify({ health_checks: Array.from({ length: 1000 }, (_, i) => ({ name: `health-${i}`, endpoint: '/health' })) }));
  const many = [];
  measure([node, [cli, 'run', '--config', config, '--report-dir', join(dir, 'report')], { env }]);
  for (let i = 0; i < Math.min(runs, 7); i++) many.push(measure([node, [cli, 'run', '--config', config, '--report-dir', join(dir, 'report')], { env }]));
  const manyMs = median(many.map((x) => x.ms));
  const manyMB = median(many.map((x) => x.rssMB));
  row('1,000 health checks (all reports written)', `${ms(manyMs)}, ${manyMB.toFixed(0)} MB`, '≤ 1 s, ≤ 120 MB', manyMs <= 1000 && manyMB <= 120);

  const peers = await peerSuite({ cli, runs: Math.min(runs, 7) });
  if (peers.newman === undefined) console.log(`  peer suite vs newman: skipped (${peers.why})`);
  else {
    const p = peers.newman / peers.smokeguard;
    row('peer suite: newman / smokeguard', `${ms(peers.newman)} / ${ms(peers.smokeguard)} = ${p.toFixed(1)}× faster`, '≥ 5×', p >= 5);
  }
} finally {
  server.kill();
}
