import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

/**
 * Hostile configs: the seed config mutated 1,000 times with a fixed seed (values of the wrong
 * type, deleted and unknown fields, undefined ${VARS}, values wrapped in themselves thousands of
 * times, huge strings). `validate` must never end in exit 4 (a crash), and every exit 2 must name
 * a field path for each problem.
 */
const SEED_CONFIG = resolve(import.meta.dirname, '../fixtures/seed/.coditect/config/smoke-test-hook.json');
const MUTATIONS = 1_000;

/** mulberry32: a small seeded generator, so a failure is reproducible from its index. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function containers(root: Json): Array<Json[] | { [k: string]: Json }> {
  const out: Array<Json[] | { [k: string]: Json }> = [];
  const stack: Json[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node && typeof node === 'object') {
      out.push(node);
      stack.push(...(Array.isArray(node) ? node : Object.values(node)));
    }
  }
  return out;
}

function wrap(value: Json, times: number, inArray: boolean): Json {
  let v = value;
  for (let i = 0; i < times; i++) v = inArray ? [v] : { v };
  return v;
}

function mutate(config: Json, random: () => number): Json {
  const doc = structuredClone(config);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const operations = 1 + Math.floor(random() * 3);
  for (let n = 0; n < operations; n++) {
    const target = pick(containers(doc));
    const keys = Array.isArray(target) ? target.map((_, i) => i) : Object.keys(target);
    if (!keys.length) continue;
    const key = pick(keys as Array<string | number>);
    const set = (v: Json) => ((target as Record<string | number, Json>)[key] = v);
    const current = (target as Record<string | number, Json>)[key]!;
    const values: Json[] = [null, true, -1, 0, 1e308, 2 ** 53 + 1, '', 'x'.repeat(10_000), '${NOT_SET_ANYWHERE}', '$${escaped}', [], {}, '\u0000', '../../etc/passwd', 'http://[::1', '2xx', 'POST'];
    switch (Math.floor(random() * 6)) {
      case 0:
        if (Array.isArray(target)) target.splice(key as number, 1);
        else delete target[key as string];
        break;
      case 1:
        set(pick(values));
        break;
      case 2:
        // Up to 3,000 levels (the issue saw crashes from ~800 up); the last operation, so that
        // wrapping never compounds past what JSON.stringify itself can write.
        set(wrap(current, 1 + Math.floor(random() * 3000), random() < 0.5));
        return doc;
      case 3:
        if (!Array.isArray(target)) target[`unknown_${Math.floor(random() * 100)}`] = current;
        break;
      case 4:
        set(typeof current === 'string' ? `${current}\${${pick(['A', 'B_C', 'PASSWORD'])}}` : JSON.stringify(current));
        break;
      default:
        set(Array.isArray(current) ? [...current, ...current] : [current]);
    }
  }
  return doc;
}

function sink(): NodeJS.WriteStream & { text: string } {
  const s = { text: '', write: (chunk: string) => ((s.text += chunk), true), isTTY: false };
  return s as unknown as NodeJS.WriteStream & { text: string };
}

let dir: string;
let seed: Json;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'smokeguard-fuzz-'));
  seed = JSON.parse(await readFile(SEED_CONFIG, 'utf8')) as Json;
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('hostile configs', () => {
  it(`validate survives ${MUTATIONS} mutations of the seed config: no exit 4, every problem names its field path`, async () => {
    const random = generator(20261129);
    const codes = new Map<number, number>();
    for (let i = 0; i < MUTATIONS; i++) {
      const file = join(dir, `mutant-${i}.json`);
      await writeFile(file, JSON.stringify(mutate(seed, random)));
      const stdout = sink();
      const stderr = sink();
      const code = await main(['node', 'smokeguard', 'validate', '--config', file], { stdout: stdout as unknown as typeof process.stdout, stderr: stderr as unknown as typeof process.stderr, env: { SMOKEGUARD_BASE_URL: 'http://127.0.0.1:8080' } });
      codes.set(code, (codes.get(code) ?? 0) + 1);
      expect(code, `mutant ${i}: ${stderr.text}`).not.toBe(4);
      expect([0, 2], `mutant ${i}`).toContain(code);
      if (code === 2) {
        const problems = stderr.text.split('\n').filter((l) => l.startsWith('  '));
        expect(problems.length, `mutant ${i}: ${stderr.text}`).toBeGreaterThan(0);
        // "  file:line:col: path: message" — a path follows the position on every line.
        for (const line of problems) expect(line, `mutant ${i}`).toMatch(/\.json(:\d+(:\d+)?)?: [A-Za-z_][\w-]*(\.|\[|: )/);
        expect(stderr.text).not.toMatch(/Maximum call stack|\n\s+at /);
      }
    }
    // The mutations really are hostile: most are rejected, some survive.
    expect(codes.get(2)).toBeGreaterThan(MUTATIONS / 2);
    expect(codes.get(0) ?? 0).toBeGreaterThan(0);
  }, 120_000);
});
