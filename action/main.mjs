// @ts-check
/**
 * The GitHub Action's entry (action.yml, node20): runs `smokeguard run` with the step's inputs,
 * then turns the result into annotations and step outputs. The job summary (capped under GitHub's
 * 1 MiB) is written by smokeguard itself from $GITHUB_STEP_SUMMARY. Plain JavaScript without
 * dependencies, so the action runs from a git ref as checked out; type-checked with `// @ts-check`.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { annotations } from './annotations.mjs';
import { uploadArtifact } from './artifact.mjs';
import { command, getInput, setOutput } from './github.mjs';

const ACTION_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FAIL_ON = ['critical', 'warning'];

/**
 * "--a 'b c' d" → ["--a", "b c", "d"]: the `args` input split as a shell would split plain words and quotes.
 * @param {string} text
 */
export function splitArgs(text) {
  return [...text.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

/**
 * The smokeguard CLI to run: the bundle beside this action when its dependencies are installed
 * (a checkout with `npm ci`, the published package); otherwise the same version from the npm
 * registry, installed once into the runner's temp directory.
 * @param {NodeJS.ProcessEnv} env
 * @returns {Promise<string>} the path of smokeguard.cjs
 */
async function locateCli(env) {
  const local = join(ACTION_ROOT, 'dist/bundle/smokeguard.cjs');
  if (existsSync(local) && existsSync(join(ACTION_ROOT, 'node_modules'))) return local;
  const { version } = JSON.parse(readFileSync(join(ACTION_ROOT, 'package.json'), 'utf8'));
  const prefix = join(env.RUNNER_TEMP ?? ACTION_ROOT, `smokeguard-${version}`);
  const installed = join(prefix, 'node_modules/smokeguard/dist/bundle/smokeguard.cjs');
  if (!existsSync(installed)) {
    const code = await exec('npm', ['install', '--no-audit', '--no-fund', '--omit=dev', '--prefix', prefix, `smokeguard@${version}`], env, 'inherit');
    if (code.code !== 0) throw new Error(`npm install smokeguard@${version} failed (exit ${code.code})`);
  }
  return installed;
}

/**
 * @param {string} file
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} env
 * @param {'inherit' | 'capture'} mode
 * @returns {Promise<{ code: number; stdout: string; stderr: string }>}
 */
function exec(file, args, env, mode) {
  return new Promise((done, fail) => {
    const child = spawn(file, args, { env, stdio: mode === 'inherit' ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    // smokeguard's human output (on stderr with --json) goes to the step log as it comes.
    child.stdout?.on('data', (d) => (stdout += d));
    child.stderr?.on('data', (d) => {
      stderr += d;
      process.stdout.write(d);
    });
    // SIGTERM from a cancelled job reaches smokeguard, which writes its partial report and releases its lease.
    const forward = () => child.kill('SIGTERM');
    process.once('SIGTERM', forward);
    child.on('error', fail);
    child.on('close', (code, signal) => {
      process.off('SIGTERM', forward);
      done({ code: code ?? (signal === 'SIGTERM' ? 143 : 1), stdout, stderr });
    });
  });
}

/**
 * @param {NodeJS.ProcessEnv} env
 * @param {{ write(s: string): unknown }} out
 * @returns {Promise<number>} the step's exit code
 */
export async function runAction(env, out) {
  const failOn = getInput('fail-on', env) || 'critical';
  if (!FAIL_ON.includes(failOn)) {
    out.write(`${command('error', `fail-on must be one of ${FAIL_ON.join(', ')} (got "${failOn}")`, { title: 'smokeguard' })}\n`);
    return 2;
  }
  const reportDir = resolve(env.GITHUB_WORKSPACE ?? process.cwd(), getInput('report-dir', env) || 'smoke-report');
  const args = ['run', '--json', '--report-dir', reportDir];
  for (const [input, flag] of [['config', '--config'], ['base-url', '--base-url'], ['environment', '--environment']]) {
    const value = getInput(input, env);
    if (value) args.push(flag, value);
  }
  args.push(...splitArgs(getInput('args', env)));

  const cli = await locateCli(env);
  const run = await exec(process.execPath, [cli, ...args], { ...env, NO_COLOR: '1' }, 'capture');
  /** @type {import('./annotations.mjs').ResultLike | undefined} */
  let result;
  try {
    result = run.stdout.trim() ? JSON.parse(run.stdout) : undefined;
  } catch {
    result = undefined;
  }
  if (result) for (const line of annotations(result)) out.write(`${line}\n`);
  else {
    // No result: the config or the arguments were refused (exit 2), or smokeguard broke (4).
    const reason = run.stderr.split('\n').filter(Boolean).slice(0, 20).join('\n') || `smokeguard exited with ${run.code}`;
    out.write(`${command('error', reason, { title: 'smokeguard: nothing was run' })}\n`);
  }
  const verdict = !result ? 'error' : result.rollout && result.rollout.status !== 'complete' ? 'deployment-failed' : result.verdict;
  const report = join(reportDir, 'report.json');
  if (env.GITHUB_OUTPUT) {
    setOutput(env.GITHUB_OUTPUT, 'verdict', verdict);
    setOutput(env.GITHUB_OUTPUT, 'report', existsSync(report) ? report : '');
    setOutput(env.GITHUB_OUTPUT, 'report-dir', reportDir);
    setOutput(env.GITHUB_OUTPUT, 'exit-code', String(run.code));
  }
  await uploadReports(env, reportDir, out);
  if (run.code !== 0) return run.code;
  return verdict === 'warning' && failOn === 'warning' ? 1 : 0;
}

/**
 * The reports as the workflow artifact `artifact-name` (empty: none). Only on a runner (its
 * runtime token present); an upload that fails is a warning: the verdict stands, the reports stay
 * in report-dir.
 * @param {NodeJS.ProcessEnv} env
 * @param {string} reportDir
 * @param {{ write(s: string): unknown }} out
 */
async function uploadReports(env, reportDir, out) {
  // Unset (not through a runner, which always sets it): action.yml's default.
  const name = env['INPUT_ARTIFACT-NAME'] === undefined ? 'smoke-report' : getInput('artifact-name', env);
  if (!name || !env.ACTIONS_RUNTIME_TOKEN || !existsSync(reportDir)) return;
  try {
    const artifact = await uploadArtifact({ name, dir: reportDir, env });
    out.write(`Reports uploaded as artifact ${name} (${artifact.files} files, ${artifact.size} bytes)\n`);
    if (env.GITHUB_OUTPUT) setOutput(env.GITHUB_OUTPUT, 'artifact-id', artifact.id);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    out.write(`${command('warning', `could not upload the reports as artifact ${name}: ${reason}. They are in ${reportDir}.`, { title: 'smokeguard' })}\n`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runAction(process.env, process.stdout).then(
    (code) => process.exit(code),
    (err) => {
      process.stdout.write(`${command('error', err instanceof Error ? err.message : String(err), { title: 'smokeguard' })}\n`);
      process.exit(4);
    },
  );
}
