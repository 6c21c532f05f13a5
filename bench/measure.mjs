// Whole-process measurements shared by the benchmarks: wall time and peak memory (max RSS, from
// GNU time), medians over alternating runs.
import { readFileSync, mkdtempSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const rssFile = join(mkdtempSync(join(tmpdir(), 'smokeguard-bench-')), 'rss');

/** Runs `cmd args` once; returns { ms, rssMB }. Throws when it exits non-zero (unless allowed). */
export function measure([cmd, args, opts = {}], { allowExit = [0] } = {}) {
  const started = process.hrtime.bigint();
  const res = spawnSync('/usr/bin/time', ['-f', '%M', '-o', rssFile, cmd, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (!allowExit.includes(res.status)) throw new Error(`${cmd} ${args.join(' ')} exited ${res.status}:\n${res.stdout}\n${res.stderr}`);
  const kb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
  return { ms, rssMB: kb / 1024 };
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Alternates the contenders `runs` times after one warm-up each; returns medians per name. */
export function compare(contenders, runs) {
  const names = Object.keys(contenders);
  const samples = Object.fromEntries(names.map((n) => [n, { ms: [], rssMB: [] }]));
  for (const n of names) measure(contenders[n]);
  for (let i = 0; i < runs; i++) {
    for (const n of i % 2 ? [...names].reverse() : names) {
      const m = measure(contenders[n]);
      samples[n].ms.push(m.ms);
      samples[n].rssMB.push(m.rssMB);
    }
  }
  return Object.fromEntries(names.map((n) => [n, { ms: median(samples[n].ms), rssMB: median(samples[n].rssMB), min: Math.min(...samples[n].ms), max: Math.max(...samples[n].ms) }]));
}
