import { loadConfig } from '../../config/load.js';
import { configJsonSchema } from '../../config/lazy-schema.js';
import { EXIT } from '../exit-codes.js';

export async function validateCommand(flags: { config?: string; environment?: string; baseUrl?: string; baseUrlSource?: 'flag' | 'env' }, io: { stdout: NodeJS.WriteStream; env: NodeJS.ProcessEnv }): Promise<number> {
  // The base URL usually arrives at run time (--base-url, SMOKEGUARD_BASE_URL): its absence is a note here.
  const { config, file, notes } = await loadConfig({ path: flags.config, environment: flags.environment, baseUrl: flags.baseUrl, baseUrlSource: flags.baseUrlSource, env: io.env, requireBaseUrl: false });
  const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
  const counts = [
    plural(config.health_checks.length, 'health check'),
    plural(config.dependency_checks.length, 'dependency check'),
    plural(config.critical_paths.length, 'critical path'),
  ];
  io.stdout.write(`✓ ${file} is valid: ${counts.join(', ')}; deadline ${config.timeout_seconds} s${config.enabled ? '' : ' (disabled)'}\n`);
  // Valid, but worth knowing before a deploy depends on it.
  for (const note of notes) io.stdout.write(`  note: ${note}\n`);
  const { undefinedChannels } = await import('../../notifiers/index.js');
  const missing = undefinedChannels(config);
  if (missing.length) io.stdout.write(`  note: notify_channels ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not defined under notifications.channels: nothing will be sent there\n`);
  if (config.auto_rollback.enabled && !config.deployment) io.stdout.write('  note: auto_rollback is enabled but no deployment is named: pass --deployment/--namespace (or SMOKEGUARD_DEPLOYMENT) for the rollback to run\n');
  return EXIT.PASSED;
}

export async function schemaCommand(io: { stdout: NodeJS.WriteStream }, flags: { report?: boolean } = {}): Promise<number> {
  const schema = flags.report ? (await import('../../core/report-schema.js')).reportJsonSchema() : configJsonSchema();
  io.stdout.write(`${JSON.stringify(schema, null, 2)}\n`);
  return EXIT.PASSED;
}
