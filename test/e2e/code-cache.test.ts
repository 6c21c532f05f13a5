import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { runProcess } from '../helpers/cli.js';

/**
 * The CLI ships as one CommonJS file with V8's code cache beside it (dist/bundle/main.cjs and
 * main.cjs.*.cache, loaded by the bin; see src/cli/cached-main.ts). The cache is an optimisation
 * only: a missing or unusable one changes nothing a user sees, and the next run has one again.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const BUNDLE = join(ROOT, 'dist/bundle');
const env = { PATH: process.env.PATH, NO_COLOR: '1' };

/** A copy of the built bundle in a folder of its own (node_modules reachable, for the drivers). */
function bundleCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'smokeguard-cache-'));
  cpSync(BUNDLE, join(dir, 'dist/bundle'), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return join(dir, 'dist/bundle');
}

/** The cache files of a bundle folder: one per Node version and V8 flags. */
const cachesOf = (bundle: string) => readdirSync(bundle).filter((f) => /^main\.cjs\..+\.cache$/.test(f));

const schemaOf = (bundle: string) => runProcess(process.execPath, [join(bundle, 'smokeguard.cjs'), 'schema'], { env });

describe('the CLI and its code cache', () => {
  it('the build made a cache that V8 accepts for the bundle as built', () => {
    const file = join(BUNDLE, 'main.cjs');
    const source = readFileSync(file, 'utf8');
    const [cache] = cachesOf(BUNDLE);
    expect(cache).toContain(process.version);
    // Compiled as the loader compiles it: the file's text (the CommonJS wrapper is in it).
    expect(source.startsWith('(function (exports, require, module, __filename, __dirname) {')).toBe(true);
    const script = new Script(source, { filename: file, cachedData: readFileSync(join(BUNDLE, cache!)) });
    expect(script.cachedDataRejected).toBe(false);
  });

  it('the bundle is ASCII, so V8 holds its source as a one-byte string (one other character doubles it: +0.7 MB a run)', () => {
    const source = readFileSync(join(BUNDLE, 'main.cjs'), 'latin1');
    const outside = [...source.matchAll(/[^\x00-\x7f]/g)].map((m) => source.slice(Math.max(0, m.index - 40), m.index + 10));
    expect(outside).toEqual([]);
  });

  it('without a cache the CLI answers the same, and writes one for the next run', async () => {
    const bundle = bundleCopy();
    try {
      const expected = await schemaOf(BUNDLE);
      for (const f of cachesOf(bundle)) rmSync(join(bundle, f));
      const first = await schemaOf(bundle);
      expect(first).toMatchObject({ code: 0, stdout: expected.stdout, stderr: '' });
      expect(cachesOf(bundle)).toHaveLength(1);
      expect(statSync(join(bundle, cachesOf(bundle)[0]!)).size).toBeGreaterThan(10_000);
    } finally {
      rmSync(join(bundle, '../..'), { recursive: true, force: true });
    }
  });

  it('a cache V8 rejects (another Node, a damaged file) is compiled around and replaced', async () => {
    const bundle = bundleCopy();
    try {
      const expected = await schemaOf(BUNDLE);
      // The cache a plain run uses: the one it writes when there is none.
      for (const f of cachesOf(bundle)) rmSync(join(bundle, f));
      await schemaOf(bundle);
      const [cache] = cachesOf(bundle);
      writeFileSync(join(bundle, cache!), 'not a code cache');
      const run = await schemaOf(bundle);
      expect(run).toMatchObject({ code: 0, stdout: expected.stdout, stderr: '' });
      expect(readFileSync(join(bundle, cache!), 'utf8')).not.toBe('not a code cache');
    } finally {
      rmSync(join(bundle, '../..'), { recursive: true, force: true });
    }
  });

  it('other V8 flags (NODE_OPTIONS in CI) get a cache of their own rather than replacing the shipped one', async () => {
    const bundle = bundleCopy();
    try {
      const shipped = cachesOf(bundle);
      const run = await runProcess(process.execPath, [join(bundle, 'smokeguard.cjs'), 'schema'], { env: { ...env, NODE_OPTIONS: '--max-old-space-size=1024' } });
      expect(run.code).toBe(0);
      expect(cachesOf(bundle)).toEqual(expect.arrayContaining(shipped));
      expect(cachesOf(bundle)).toHaveLength(shipped.length + 1);
    } finally {
      rmSync(join(bundle, '../..'), { recursive: true, force: true });
    }
  });
});
