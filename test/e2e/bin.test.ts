import { spawnSync } from 'node:child_process';
import { closeSync, constants, openSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, expectNoNodeWarning, runCli, runProcess } from '../helpers/cli.js';

/**
 * The package's bin (dist/bundle/smokeguard.cjs, from src/cli/bin.ts): `--version` answered by a
 * CommonJS file that loads nothing, every other command handed to the CLI (dist/bundle/main.cjs),
 * which the bin itself compiles from V8's code cache (src/cli/cached-main.ts).
 */
const ROOT = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };
const env = { PATH: process.env.PATH };

/** Node's internal modules loaded by `node <args>`, listed at exit by a preloaded script. */
let probe: string;
function internalModules(args: string[]): Set<string> {
  const res = spawnSync(process.execPath, ['--require', probe, ...args], { encoding: 'utf8', env });
  expect(res.status, res.stderr).toBe(0);
  expectNoNodeWarning(res.stderr);
  const line = res.stderr.split('\n').find((l) => l.startsWith('MODULES '));
  return new Set(JSON.parse(line!.slice('MODULES '.length)) as string[]);
}

beforeAll(async () => {
  probe = join(await mkdtemp(join(tmpdir(), 'smokeguard-bin-')), 'probe.cjs');
  await writeFile(probe, `process.on('exit', () => require('fs').writeSync(2, 'MODULES ' + JSON.stringify(process.moduleLoadList) + '\\n'));\n`);
});

describe('the bin', () => {
  it('is the CommonJS file package.json names', () => {
    expect(resolve(ROOT, pkg.bin.smokeguard)).toBe(CLI);
    expect(CLI).toMatch(/\.cjs$/);
    expect(readFileSync(CLI, 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
  });

  it('--version and -v print the package version, exit 0, nothing on stderr', async () => {
    for (const flag of ['--version', '-v']) {
      const res = await runCli([flag]);
      expect(res).toMatchObject({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
    }
  });

  it('--version loads no Node internal module that `node -e 0` does not (no ESM loader, no stdout stream): it costs what Node costs', () => {
    const node = internalModules(['-e', '0']);
    const version = internalModules([CLI, '--version']);
    expect([...version].filter((m) => !node.has(m))).toEqual([]);
    // The probe sees what it should: a command that does load the CLI brings the ESM loader and streams.
    const help = internalModules([CLI, '--help']);
    expect([...help]).toEqual(expect.arrayContaining(['NativeModule internal/modules/esm/loader', 'NativeModule net']));
  });

  it('--version into a pipe whose reader has gone exits 0 quietly, as every command does (no EPIPE stack trace)', async () => {
    // A pipe with no reader: a FIFO opened for reading (non-blocking), then for writing, then its
    // read end closed before the child starts.
    const fifo = join(await mkdtemp(join(tmpdir(), 'smokeguard-bin-')), 'stdout');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const writer = openSync(fifo, constants.O_WRONLY);
    closeSync(reader);
    try {
      const res = spawnSync(process.execPath, [CLI, '--version'], { stdio: ['ignore', writer, 'pipe'], encoding: 'utf8', env });
      expectNoNodeWarning(res.stderr);
      expect({ status: res.status, stderr: res.stderr }).toEqual({ status: 0, stderr: '' });
    } finally {
      closeSync(writer);
    }
  });

  it('hands every other command to the CLI: its output complete and its exit code', async () => {
    const unknown = await runCli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    const schema = await runCli(['schema']);
    expect(schema.code).toBe(0);
    expect(JSON.parse(schema.stdout).properties.health_checks).toBeDefined();
    const none = await runProcess(process.execPath, [CLI], { env });
    expect(none.code).toBe(2);
    expect(none.stdout).toContain('Usage: smokeguard');
  });

  it('reaches the CLI with no ES module on the way: a command that loads no ES module driver starts none of Node\'s ES module machinery', () => {
    // The loader was an ES module beside the bin once (~6 ms a run: module jobs, ES module facades of the builtins).
    const schema = internalModules([CLI, 'schema']);
    const esm = [...schema].filter((m) => /esm\/(module_job|translators|module_map)$/.test(m));
    expect(esm).toEqual([]);
  });
});
