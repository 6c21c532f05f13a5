import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The Prometheus exporter-toolkit web config (`--web.config.file`) that Prometheus and the
 * Pushgateway share: basic-auth users with bcrypt hashes. Returns the flag to add, if any.
 */
export async function webConfigArgs(dir: string, basicAuth?: Record<string, string>): Promise<string[]> {
  if (!basicAuth) return [];
  const users = Object.entries(basicAuth).map(([user, hash]) => `  ${user}: ${JSON.stringify(hash)}`).join('\n');
  await writeFile(join(dir, 'web.yml'), `basic_auth_users:\n${users}\n`);
  return [`--web.config.file=${join(dir, 'web.yml')}`];
}
