import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';

/**
 * A plain run never loads the dashboard: in the built bundle, the modules `smokeguard run` loads
 * eagerly (the entry, the CLI, the run command and what they import statically) reach neither
 * Fastify nor a store driver. They load through dynamic import() only, when a run publishes.
 */
const BUNDLE = dirname(CLI);
const STATIC_IMPORT = /(?:^|[;}\n])\s*import\s*(?:[\w$*{},\s]+?\s*from\s*)?["']([^"']+)["']/g;

function staticClosure(file: string, seen = new Set<string>(), bare = new Set<string>()): Set<string> {
  if (seen.has(file)) return bare;
  seen.add(file);
  for (const [, spec] of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
    if (spec!.startsWith('.')) staticClosure(resolve(dirname(file), spec!), seen, bare);
    else bare.add(spec!);
  }
  return bare;
}

describe('the dashboard loads only when used', () => {
  it('`smokeguard run` statically reaches neither fastify nor better-sqlite3 nor pg', () => {
    const chunks = readdirSync(join(BUNDLE, 'chunks'));
    // The bin (CommonJS) import()s main.mjs, the ES module CLI; from there the run's chunks.
    const eager = [CLI, join(BUNDLE, 'main.mjs'), ...['run-', 'pipeline-'].map((p) => join(BUNDLE, 'chunks', chunks.find((c) => c.startsWith(p))!))];
    const bare = new Set<string>();
    for (const file of eager) staticClosure(file, new Set(), bare);
    expect(bare.size).toBeGreaterThan(0); // node: built-ins at least: the scan sees imports
    expect([...bare].filter((s) => /fastify|better-sqlite3|^pg$/.test(s))).toEqual([]);
  });

  it('serve does reach them (the scan would see them)', () => {
    const serve = readdirSync(join(BUNDLE, 'chunks')).find((c) => c.startsWith('serve-'))!;
    const bare = staticClosure(join(BUNDLE, 'chunks', serve));
    expect([...bare]).toContain('fastify');
  });

  it('serve reaches the run machinery (pipeline, config loader) only through the webhooks\' dynamic import()', () => {
    const chunks = readdirSync(join(BUNDLE, 'chunks'));
    const serve = chunks.find((c) => c.startsWith('serve-'))!;
    const seen = new Set<string>();
    staticClosure(join(BUNDLE, 'chunks', serve), seen);
    expect(seen.size).toBeGreaterThan(1); // the scan follows the serve chunk's relative imports
    expect([...seen].map((f) => f.split('/').pop()!).filter((f) => /^(pipeline|runner|load)-/.test(f))).toEqual([]);
  });
});
