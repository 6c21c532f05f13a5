import * as z from 'zod';
import { CHECK_TYPES } from '../checks/registry.js';
import { criticalPathSchema } from '../flows/schema.js';
import { dashboardSchema } from '../dashboard/config-schema.js';
import { monitoringSchema } from '../monitoring/schema.js';
import { notificationsSchema } from '../notifiers/schema.js';
import { watchSchema } from '../watch/schema.js';
import { autoRollbackSchema, deploymentSchema, rollbackStrategySchema } from '../rollback/schema.js';
import { checkBaseShape } from './check-base.js';
import { DEFAULT_CONCURRENCY, DEFAULT_RUN_TIMEOUT_SECONDS } from './defaults.js';
import { httpRequestShape } from './http-schema.js';

/**
 * The one schema of a smokeguard config: the source of the TypeScript types, of validation
 * and of the published JSON Schema (`smokeguard schema`). The seed's
 * `.coditect/config/smoke-test-hook.json` is valid as written.
 */

export const healthCheckSchema = z.strictObject({
  ...checkBaseShape(),
  ...httpRequestShape,
});
export type HealthCheckConfig = z.infer<typeof healthCheckSchema>;

function dependencyVariant(type: (typeof CHECK_TYPES)[number]) {
  return z.strictObject({ ...checkBaseShape(), type: z.literal(type.type), ...type.options }).describe(type.description);
}

export const SUPPORTED_DEPENDENCY_TYPES = CHECK_TYPES.map((t) => t.type);

export const dependencyCheckSchema = z.discriminatedUnion(
  'type',
  CHECK_TYPES.map(dependencyVariant) as unknown as [ReturnType<typeof dependencyVariant>, ...ReturnType<typeof dependencyVariant>[]],
);
export type DependencyCheckConfig = z.infer<typeof dependencyCheckSchema> & { type: string; [key: string]: unknown };

const headers = z.record(z.string(), z.string());
const variables = z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a variable name'), z.string());

/** What `--environment NAME` overlays on the top level. */
export const environmentOverrideSchema = z.strictObject({
  base_url: z.string().optional(),
  headers: headers.optional(),
  variables: variables.optional(),
  deployment: deploymentSchema.partial().optional(),
});

export const configSchema = z.strictObject({
  $schema: z.string().optional(),
  enabled: z.boolean().default(true).describe('false: print that smoke tests are disabled and exit 0'),
  timeout_seconds: z.number().positive().max(3600).default(DEFAULT_RUN_TIMEOUT_SECONDS)
    .describe('hard deadline for the whole run'),
  base_url: z.string().optional().describe('joined to relative endpoints; also --base-url or SMOKEGUARD_BASE_URL'),
  concurrency: z.number().int().min(1).max(64).default(DEFAULT_CONCURRENCY),
  headers: headers.optional().describe('sent with every HTTP request'),
  variables: variables.optional().describe('values for ${name} templates'),
  environments: z.record(z.string().min(1), environmentOverrideSchema).optional(),
  deployment: deploymentSchema.optional(),
  auto_rollback: autoRollbackSchema.default(autoRollbackSchema.parse({})),
  health_checks: z.array(healthCheckSchema).default([]),
  dependency_checks: z.array(dependencyCheckSchema).default([]),
  critical_paths: z.array(criticalPathSchema).default([]),
  rollback_strategy: rollbackStrategySchema.optional(),
  notifications: notificationsSchema.optional(),
  monitoring: monitoringSchema.optional(),
  watch: watchSchema.optional().describe('smokeguard watch / run --watch: re-run checks every interval and judge the window'),
  dashboard: dashboardSchema.optional(),
});

export type SmokeConfig = z.infer<typeof configSchema>;
/** The config as written (defaults not yet applied). */
export type SmokeConfigInput = z.input<typeof configSchema>;

/** The JSON Schema of the config file, for editors (`"$schema"`) and `smokeguard schema`. */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, title: 'smokeguard config' };
}
