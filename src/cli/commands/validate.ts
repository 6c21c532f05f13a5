import { loadConfig } from '../../config/load.js';
import { configJsonSchema } from '../../config/schema.js';
import { EXIT } from '../exit-codes.js';

export async function validateCommand(flags: { config?: string; environment?: string; baseUrl?: string }, io: { stdout: NodeJS.WriteStream; env: NodeJS.ProcessEnv }): Promise<number> {
  const { config, file } = await loadConfig({ path: flags.config, environment: flags.environment, baseUrl: flags.baseUrl, env: io.env });
  const counts = [
    `${config.health_checks.length} health checks`,
    `${config.dependency_checks.length} dependency checks`,
    `${config.critical_paths.length} critical paths`,
  ];
  io.stdout.write(`✓ ${file} is valid: ${counts.join(', ')}; deadline ${config.timeout_seconds} s${config.enabled ? '' : ' (disabled)'}\n`);
  return EXIT.PASSED;
}

export function schemaCommand(io: { stdout: NodeJS.WriteStream }): number {
  io.stdout.write(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
  return EXIT.PASSED;
}
