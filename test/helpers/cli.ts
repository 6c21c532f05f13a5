import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The binary users run: the bundle (see scripts/bundle.mjs). */
export const CLI = resolve(import.meta.dirname, '../../dist/bundle/smokeguard.cjs');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * Runs a process to its end with exactly `env`, collecting its output; killed after `timeoutMs`.
 * Fails on a Node process warning in its output (see expectNoNodeWarning): every process a test
 * runs this way — the CLI, the demo, a shell script that calls smokeguard — is held to it.
 */
export async function runProcess(command: string, args: string[], options: { cwd?: string; env: Record<string, string | undefined>; timeoutMs?: number }): Promise<CliRun> {
  const run = await collectProcess(command, args, options);
  expectNoNodeWarning(`${run.stderr}\n${run.stdout}`, [command, ...args].join(' ').slice(0, 200));
  return run;
}

function collectProcess(command: string, args: string[], options: { cwd?: string; env: Record<string, string | undefined>; timeoutMs?: number }): Promise<CliRun> {
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr, ms: performance.now() - started });
    });
  });
}

/** Runs the built CLI as a user would, in `cwd`, with a clean environment plus `env`. */
export async function runCli(args: string[], options: { cwd?: string; env?: Record<string, string | undefined>; timeoutMs?: number } = {}): Promise<CliRun> {
  // NODE_OPTIONS is not passed on: --no-warnings there would hide what the warning check looks for.
  // TMPDIR is: what the CLI writes to a temporary folder lands where test/setup/validate-reports.ts looks.
  const run = await runProcess(process.execPath, [CLI, ...args], { ...options, env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR, NO_COLOR: '1', ...options.env } });
  // `run --json` prints report.json's content: it must fit the published schema as the file does.
  if (args[0] === 'run' && args.includes('--json') && run.stdout.trimStart().startsWith('{')) {
    const { reportProblems } = await import('./report-json.js');
    const problems = reportProblems(JSON.parse(run.stdout));
    if (problems.length) throw new Error(`run --json printed a result that does not fit the published schema (smokeguard schema --report):\n  ${problems.join('\n  ')}`);
  }
  return run;
}

/**
 * A Node warning in what a user sees is a bug: every end-to-end run fails on one. runProcess and
 * runCli call this themselves; a test that spawns the CLI on its own (to signal it, or to read it
 * while it runs) calls it with what the process printed. test/helpers/cli-spawns.test.ts keeps
 * every spawn of the CLI on one of these paths.
 */
export function expectNoNodeWarning(output: string, what = 'the CLI'): void {
  const warning = nodeWarning(output);
  if (warning) throw new Error(`${what} printed a Node process warning: ${warning}`);
}

/**
 * The first Node process warning in `stderr` ("(node:1234) MaxListenersExceededWarning: …",
 * "(node:1234) [DEP0040] DeprecationWarning: …", "ExperimentalWarning"), or undefined.
 */
export function nodeWarning(stderr: string): string | undefined {
  return /^\(node:\d+\) (?:\[\w+\] )?\w*Warning\b.*$/m.exec(stderr)?.[0];
}

/** Writes a config file into a fresh temp dir; returns the dir and the file path. */
export async function writeConfig(content: unknown, name = 'smokeguard.json'): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'smokeguard-test-'));
  const file = join(dir, name);
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return { dir, file };
}

export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
