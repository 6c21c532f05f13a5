/**
 * Loads the CLI (dist/bundle/main.cjs, one CommonJS file) with V8's code cache
 * (main.cjs.<node version>-<flags hash>.cache, made at build time by a healthy run: scripts/bundle.mjs). Bundled into
 * the bin (dist/bundle/smokeguard.cjs, CommonJS; scripts/bundle-options.mjs, binOptions), where it
 * starts only for a command other than `--version`.
 * Why: Node 20 has no compile cache for modules of its own, and compiling the CLI was the largest
 * part of a run's start. Measured on the seed config's healthy run (Node 20.20, CPU time): ES
 * module chunks 206 ms, one CommonJS file 178 ms, the same with the code cache 137 ms (the floor,
 * bench/floor.mjs: 85 ms). Loaded from the CommonJS bin itself rather than from an ES module
 * beside it: no ESM loader, no ES module facades of node:fs/vm/… before the CLI runs (~6 ms a run).
 *
 * CommonJS only: `__dirname` is the bin's folder (tsc's ES module build of this file is never
 * loaded; the library does not import it).
 *
 * A cache V8 rejects (another Node version, other V8 flags) costs only its read: the CLI is
 * compiled as usual, and a fresh cache is written beside it for the next run when the folder is
 * writable. A code cache holds compiled code, never data or state.
 */
import { closeSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';

interface Cli {
  runAsBinary(): void;
}

const file = join(__dirname, 'main.cjs');
const cacheFile = `${file}.${cacheKey()}.cache`;

/**
 * V8 accepts a cache only from the same V8 and the same V8 flags (NODE_OPTIONS=--max-old-space-size
 * in CI changes them): one cache file per Node version and flags, so that two settings never keep
 * replacing each other's. Paths are left out (`--require /tmp/x/probe.cjs` changes no V8 flag, and
 * a new temporary path each time would leave a new file each time). FNV-1a, not node:crypto: this
 * runs before every command.
 */
function cacheKey(): string {
  const flags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].filter((f) => f && !/[/\\]/.test(f));
  let hash = 0x811c9dc5;
  for (const ch of flags.join(' ')) hash = Math.imul(hash ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return `${process.version}-${hash.toString(16).padStart(8, '0')}`;
}

/**
 * The bundle's import() of a package (a driver, loaded when a check uses it; some are ES modules),
 * made from here: V8 loses a script's dynamic-import callback when it runs from a code cache
 * (Node 20), so the build routes those import()s through this function (scripts/bundle.mjs). The
 * bin is compiled by Node's own CommonJS loader, whose import() works; it resolves from the bin's
 * folder, which is main.cjs's.
 */
(globalThis as { __smokeguardImport?: (specifier: string) => Promise<unknown> }).__smokeguardImport = (specifier) => import(specifier);

function load(): Cli {
  const source = readFileSync(file, 'utf8');
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    /* no cache yet: compile */
  }
  // The file holds the CommonJS wrapper already (scripts/bundle.mjs): compiled as read, no copy.
  const script = new Script(source, { filename: file, cachedData });
  const module = { exports: {} as Cli };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, __dirname);
  if (!cachedData || script.cachedDataRejected || process.env.SMOKEGUARD_WRITE_CODE_CACHE) {
    // After the run, so that the functions it compiled are in the cache too.
    process.once('exit', () => writeCache(script));
  }
  return module.exports;
}

function writeCache(script: Script): void {
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  let fd: number;
  try {
    fd = openSync(tmp, 'wx');
  } catch {
    return; // a read-only install: every run compiles, as it would without a cache (and pays nothing more)
  }
  try {
    try {
      writeSync(fd, script.createCachedData());
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, cacheFile); // whole or not at all, whoever else writes it at the same time
  } catch {
    try {
      rmSync(tmp, { force: true });
    } catch {
      /* nothing more to do: the next run tries again */
    }
  }
}

export const { runAsBinary } = load();
