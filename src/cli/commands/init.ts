import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { locateConfig } from '../../config/load.js';
import { exitCodeOf } from './run.js';
import { renderCheckLine, renderSummary } from '../../reporters/console.js';
import { createStyle, shouldColor } from '../../reporters/style.js';
import { existsMessage, init, InitError } from '../../init/init.js';
import { EXIT } from '../exit-codes.js';
import { UsageError } from '../usage-error.js';
import { Redactor, withoutUserinfo } from '../../util/redact.js';

export interface InitFlags {
  baseUrl?: string;
  config?: string;
  deployment?: string;
  namespace?: string;
  context?: string;
  kubeconfig?: string;
  force?: boolean;
}

/** `smokeguard init`: a thin wrapper over src/init: flags in, what was found and decided out. */
export async function initCommand(given: InitFlags, io: { stdout: NodeJS.WriteStream; env: NodeJS.ProcessEnv }): Promise<number> {
  // As for run: the flag, else SMOKEGUARD_BASE_URL.
  const fromEnv = given.baseUrl === undefined ? io.env.SMOKEGUARD_BASE_URL || undefined : undefined;
  const flags = { ...given, baseUrl: given.baseUrl ?? fromEnv };
  const origin = fromEnv ? 'SMOKEGUARD_BASE_URL' : '--base-url';
  if (!flags.baseUrl) throw new UsageError('init needs the service to discover: --base-url URL (or SMOKEGUARD_BASE_URL), e.g. --base-url https://orders.internal');
  if (!/^https?:\/\/[^/]/i.test(flags.baseUrl) || !URL.canParse(flags.baseUrl)) throw new UsageError(`${origin}: expected an http(s) URL such as https://orders.internal, got "${withoutUserinfo(flags.baseUrl)}"`);
  if (flags.namespace && !flags.deployment) throw new UsageError('--namespace needs --deployment NAME');
  const file = flags.config ?? 'smokeguard.yaml';
  const out = io.stdout;
  const style = createStyle(shouldColor(out, io.env));
  // A base URL may carry a password (https://user:pass@host): never printed.
  const redactor = new Redactor();
  redactor.addUrlCredentials(flags.baseUrl);
  // Refused before "probing" is said (init() refuses on its own too, for other callers).
  if (!flags.force && existsSync(resolve(file))) throw new UsageError(existsMessage(resolve(file)));
  out.write(style.dim(`smokeguard init: probing ${redactor.text(flags.baseUrl)}${flags.deployment ? ` and deployment ${flags.namespace ?? 'default'}/${flags.deployment}` : ''} …\n`));
  let result;
  try {
    result = await init({
      baseUrl: flags.baseUrl.replace(/\/+$/, ''),
      file: resolve(file),
      force: flags.force,
      deployment: flags.deployment ? { name: flags.deployment, namespace: flags.namespace ?? 'default', context: flags.context, kubeconfig: flags.kubeconfig } : undefined,
      env: io.env,
    });
  } catch (err) {
    if (err instanceof InitError) throw new UsageError(redactor.text(err.message));
    throw err;
  }
  const { starter, dryRun } = result;
  out.write('\nFound:\n');
  for (const line of starter.found) out.write(`  ${style.ok('✓')} ${line}\n`);
  if (starter.absent.length) out.write(style.dim(`  · not there: ${starter.absent.join(', ')}\n`));
  out.write('\nCould not decide:\n');
  for (const line of starter.undecided) out.write(`  ${style.warn('?')} ${line}\n`);
  out.write(`\nWrote ${file} (valid). A dry run of it — nothing rolled back, nothing sent:\n`);
  for (const check of dryRun.checks) out.write(`${renderCheckLine(check, style)}\n`);
  out.write(`${renderSummary(dryRun, style)}\n`);
  out.write(`\nNext: read ${file}, add a critical path, then ${nextCommands(file)}.\n`);
  // A starter that fails against the service is said with the run's own exit code.
  return dryRun.verdict === 'critical' ? exitCodeOf({ ...dryRun, dryRun: true }) : EXIT.PASSED;
}

/**
 * `smokeguard validate` and `smokeguard run` as they must be typed to read the file just written:
 * with --config when the search would not find it (another name), or would find another file
 * first (the seed's .coditect/config/smoke-test-hook.json).
 */
function nextCommands(file: string): string {
  let first: string | undefined;
  try {
    first = locateConfig({});
  } catch {
    first = undefined; // nothing found by the search (it throws "no config found"): the file has a name it does not try
  }
  if (first === resolve(file)) return '`smokeguard validate` and `smokeguard run`';
  const flag = ` --config ${file}`;
  return `\`smokeguard validate${flag}\` and \`smokeguard run${flag}\`${first ? ` (without --config they read ${relative(process.cwd(), first)})` : ''}`;
}
