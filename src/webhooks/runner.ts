import { loadConfig } from '../config/load.js';
import { run } from '../run/pipeline.js';
import type { SmokeRequest, SmokeRunner } from './types.js';

/**
 * The runner behind the webhooks: the config file (read again for every request, so a changed
 * ConfigMap applies without a restart) with the request's base URL, environment and deployment.
 * It never rolls back: Flagger and Argo Rollouts decide and roll back themselves; the run still
 * notifies, publishes and writes its metrics as configured.
 */
export function createSmokeRunner(options: { configPath?: string; env: Readonly<Record<string, string | undefined>> }): SmokeRunner {
  return async (request: SmokeRequest) => {
    const env = options.env as NodeJS.ProcessEnv;
    const loaded = await loadConfig({ path: options.configPath, environment: request.environment, baseUrl: request.baseUrl, env });
    const config = { ...loaded.config, auto_rollback: { ...loaded.config.auto_rollback, enabled: false } };
    return run(config, {
      env,
      environment: request.environment,
      secrets: loaded.secrets,
      configPath: loaded.file,
      baseUrlArg: request.baseUrl,
      waitForRollout: false,
      rollbackTarget: { deployment: request.deployment, namespace: request.namespace },
    });
  };
}
