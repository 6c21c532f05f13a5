import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../config/load.js';
import { run as runSmoke } from '../../core/pipeline.js';
import type { RunResult } from '../../core/types.js';
import { renderCheckLine, renderSummary, clock } from '../../reporters/console.js';
import { renderJson } from '../../reporters/json.js';
import { createStyle, shouldColor } from '../../reporters/style.js';
import { version } from '../../version.js';
import { EXIT } from '../exit-codes.js';
import { UsageError } from '../usage-error.js';

export interface RunFlags {
  config?: string;
  baseUrl?: string;
  environment?: string;
  reportDir?: string;
  dryRun?: boolean;
  json?: boolean;
  concurrency?: number;
  only?: string[];
}

/** The exit code a result deserves. */
export function exitCodeOf(result: RunResult): number {
  const rollback = result.rollback as { status?: string } | undefined;
  if (rollback?.status === 'failed') return EXIT.ROLLBACK_FAILED;
  return result.verdict === 'critical' ? EXIT.CRITICAL : EXIT.PASSED;
}

export async function runCommand(flags: RunFlags, io: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream; env: NodeJS.ProcessEnv }): Promise<number> {
  const env = io.env;
  const loaded = await loadConfig({ path: flags.config, environment: flags.environment ?? env.SMOKEGUARD_ENVIRONMENT, baseUrl: flags.baseUrl, env });
  const { config } = loaded;
  // Human output goes to stdout, unless stdout carries the JSON result.
  const out = flags.json ? io.stderr : io.stdout;
  const style = createStyle(!flags.json && shouldColor(out, env));
  if (!config.enabled) {
    out.write(`Smoke tests are disabled (enabled: false in ${loaded.file}); nothing to do.\n`);
    return EXIT.PASSED;
  }
  const names = [...config.health_checks, ...config.dependency_checks, ...config.critical_paths].map((c) => c.name);
  const unknown = (flags.only ?? []).filter((n) => !names.includes(n));
  if (unknown.length) throw new UsageError(`--only: no check named ${unknown.map((n) => `"${n}"`).join(', ')} (known: ${names.join(', ')})`);

  out.write(style.dim(`smokeguard ${version} · ${names.length} checks${config.base_url ? ` against ${config.base_url}` : ''} · deadline ${config.timeout_seconds} s · ${loaded.file}\n`));
  const result = await runSmoke(config, {
    env,
    environment: flags.environment,
    dryRun: flags.dryRun,
    concurrency: flags.concurrency,
    only: flags.only,
    secrets: loaded.secrets,
    onEvent(event) {
      if (event.kind === 'check_finished') out.write(`${renderCheckLine(event.result, style)}\n`);
      else if (event.kind === 'stage' && (event.event.kind === 'deadline_reached' || event.event.kind === 'rollback')) out.write(`${clock(event.event.at)} ${event.event.message}\n`);
    },
  });
  if (flags.reportDir) {
    const dir = resolve(flags.reportDir);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'report.json'), renderJson(result));
  }
  out.write(`${renderSummary(result, style)}\n`);
  if (flags.reportDir) out.write(style.dim(`Report: ${join(resolve(flags.reportDir), 'report.json')}\n`));
  if (flags.json) io.stdout.write(renderJson(result));
  return exitCodeOf(result);
}
