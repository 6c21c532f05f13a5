/**
 * smokeguard as a library: load a config, run it, get the result.
 *
 *   const { config, secrets } = await loadConfig({ path: 'smokeguard.yaml' });
 *   const result = await run(config, { secrets });
 *   if (result.verdict === 'critical') …
 */
export { loadConfig, validateConfig, type LoadOptions, type LoadedConfig } from './config/load.js';
export { ConfigError, type ConfigProblem } from './config/config-error.js';
export { configSchema, configJsonSchema, type SmokeConfig, type SmokeConfigInput } from './config/schema.js';
export { run, type RunOptions, type RunEvent } from './run/pipeline.js';
export { CHECK_TYPES } from './checks/registry.js';
export type { CheckType, CheckContext } from './checks/check-type.js';
export type * from './core/types.js';
export { reportJsonSchema, validateReport } from './core/report-schema.js';
export { renderJson } from './reporters/json.js';
export { renderSummary, renderCheckLine } from './reporters/console.js';
export { Redactor } from './util/redact.js';
export { version } from './version.js';
