import * as z from 'zod';
import { CHECK_TYPES } from '../checks/registry.js';
import type { CheckType } from '../checks/check-type.js';
import { criticalPathSchema } from '../flows/schema.js';
import { dashboardSchema } from '../dashboard/config-schema.js';
import { monitoringSchema } from '../monitoring/schema.js';
import { notificationsSchema } from '../notifiers/schema.js';
import { watchSchema } from '../watch/schema.js';
import { autoRollbackSchema, deploymentSchema, rollbackStrategySchema } from '../rollback/schema.js';
import { checkBaseShape } from './check-base.js';
import { DEFAULT_CONCURRENCY, DEFAULT_RUN_TIMEOUT_SECONDS } from './defaults.js';
import { httpRequestShape } from './http-schema.js';
import { once } from '../util/once.js';

/**
 * The one schema of a smokeguard config, built per config: `configSchemaFor(data)` builds only the
 * sections and check types `data` has (zod schemas cost at construction), `fullConfigSchema()`
 * all of them. The seed's `.coditect/config/smoke-test-hook.json` is valid as written.
 */

export const healthCheckSchema = z.strictObject({
  ...checkBaseShape(),
  ...httpRequestShape,
});
export type HealthCheckConfig = z.infer<typeof healthCheckSchema>;

function dependencyVariant(type: CheckType) {
  return z.strictObject({ ...checkBaseShape(), type: z.literal(type.type), ...type.options }).describe(type.description);
}
type DependencyVariant = ReturnType<typeof dependencyVariant>;
const variants = new Map<CheckType, DependencyVariant>();

export const SUPPORTED_DEPENDENCY_TYPES = CHECK_TYPES.map((t) => t.type);

/** The dependency check union over `types` (each variant built once); an unknown type matches none of them. */
function dependencyCheckSchema(types: readonly CheckType[]) {
  const built = types.map((t) => variants.get(t) ?? variants.set(t, dependencyVariant(t)).get(t)!);
  return z.discriminatedUnion('type', built as unknown as [DependencyVariant, ...DependencyVariant[]]);
}
export type DependencyCheckConfig = z.infer<DependencyVariant> & { type: string; [key: string]: unknown };

const headers = once(() => z.record(z.string(), z.string()));
const variables = once(() => z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a variable name'), z.string()));

/** What `--environment NAME` overlays on the top level. */
export const environmentOverrideSchema = once(() => z.strictObject({
  base_url: z.string().optional(),
  headers: headers().optional(),
  variables: variables().optional(),
  deployment: deploymentSchema().partial().optional(),
}));

const autoRollbackDefault = once(() => autoRollbackSchema.parse({}));

/**
 * Stands in for a section the config does not have: it admits only absence, as the section's
 * own `.optional()` schema would for a missing key, and costs nothing to build.
 */
const ABSENT = z.never().optional();
const NO_ENTRIES = z.array(z.never()).default([]);

/** Which top-level sections and dependency check types a config has: all a schema for it needs. */
interface ConfigParts {
  has(section: string): boolean;
  checkTypes: readonly CheckType[];
}

const EVERY_PART: ConfigParts = { has: () => true, checkTypes: CHECK_TYPES };

/**
 * The schema of a config with `parts`: a section the config lacks is not built (its stand-in
 * admits only its absence) and the dependency union holds only the types the config names.
 * Validation and errors are those of the whole schema: a present section, or a named type, is
 * checked by its own schema, and unknown types and fields are reported against the full lists.
 */
function buildConfigSchema(parts: ConfigParts) {
  const section = <T>(key: string, build: () => T): T => (parts.has(key) ? build() : (ABSENT as unknown as T));
  const list = <T>(key: string, build: () => T): T => (parts.has(key) ? build() : (NO_ENTRIES as unknown as T));
  return z.strictObject({
    $schema: z.string().optional(),
    enabled: z.boolean().default(true).describe('false: print that smoke tests are disabled and exit 0'),
    timeout_seconds: z.number().positive().max(3600).default(DEFAULT_RUN_TIMEOUT_SECONDS)
      .describe('hard deadline for the whole run'),
    base_url: z.string().optional().describe('joined to relative endpoints; also --base-url or SMOKEGUARD_BASE_URL'),
    concurrency: z.number().int().min(1).max(64).default(DEFAULT_CONCURRENCY),
    headers: section('headers', () => headers().optional().describe('sent with every HTTP request')),
    variables: section('variables', () => variables().optional().describe('values for ${name} templates')),
    environments: section('environments', () => z.record(z.string().min(1), environmentOverrideSchema()).optional()),
    deployment: section('deployment', () => deploymentSchema().optional()),
    auto_rollback: autoRollbackSchema.default(autoRollbackDefault()),
    health_checks: list('health_checks', () => z.array(healthCheckSchema).default([])),
    dependency_checks: list('dependency_checks', () => z.array(dependencyCheckSchema(parts.checkTypes)).default([])),
    critical_paths: list('critical_paths', () => z.array(criticalPathSchema).default([])),
    rollback_strategy: section('rollback_strategy', () => rollbackStrategySchema.optional()),
    notifications: section('notifications', () => notificationsSchema().optional()),
    monitoring: section('monitoring', () => monitoringSchema().optional()),
    watch: section('watch', () => watchSchema().optional().describe('smokeguard watch / run --watch: re-run checks every interval and judge the window')),
    dashboard: section('dashboard', () => dashboardSchema().optional()),
  });
}

type ConfigSchema = ReturnType<typeof buildConfigSchema>;
export type SmokeConfig = z.infer<ConfigSchema>;
/** The config as written (defaults not yet applied). */
export type SmokeConfigInput = z.input<ConfigSchema>;

/** The whole schema, every section and type (for the JSON Schema; `configSchema` in ./schema.ts): built on first use. */
export const fullConfigSchema = once(() => buildConfigSchema(EVERY_PART));

const schemas = new Map<string, ConfigSchema>();

/**
 * The schema to validate `data` with: only the sections it has and the dependency check types it
 * names are built (zod schemas cost at construction: a plain run skips the notifications,
 * monitoring, watch and dashboard schemas and 12 of 14 check types). Kept per shape of config.
 */
export function configSchemaFor(data: Record<string, unknown>): ConfigSchema {
  const named = new Set(Array.isArray(data.dependency_checks) ? data.dependency_checks.map((c) => (c && typeof c === 'object' ? (c as { type?: unknown }).type : undefined)) : []);
  const checkTypes = CHECK_TYPES.filter((t) => named.has(t.type));
  const sections = Object.keys(data).filter((k) => data[k] !== undefined).sort();
  const key = `${sections.join(',')}|${checkTypes.map((t) => t.type).join(',')}`;
  let schema = schemas.get(key);
  if (!schema) {
    if (schemas.size >= 32) schemas.clear(); // a server validating many configs keeps a few, not all
    const present = new Set(sections);
    schemas.set(key, (schema = buildConfigSchema({ has: (s) => present.has(s), checkTypes })));
  }
  return schema;
}

/** The JSON Schema of the config file, for editors (`"$schema"`) and `smokeguard schema`. */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(fullConfigSchema(), { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...(allowVariables(schema) as Record<string, unknown>), title: 'smokeguard config' };
}

/** A `${VAR}` reference: a string until the run expands it. */
const VARIABLE_REFERENCE = { type: 'string', pattern: '\\$\\{[^}]+\\}' };

/**
 * The file holds `${VAR}` references where the run will put values (`routing_key:
 * ${PAGERDUTY_ROUTING_KEY}`), and validation happens after expansion; an editor checks the file
 * as written. So every string the schema constrains (length, pattern, format, enum) also accepts a
 * reference; an unconstrained string already does.
 */
function allowVariables(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(allowVariables);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = allowVariables(v);
  const constrained = ['minLength', 'maxLength', 'pattern', 'format'].some((k) => k in out) || 'enum' in out || 'const' in out;
  const isString = out.type === 'string' || (Array.isArray(out.enum) && out.enum.every((e) => typeof e === 'string'));
  // A `const` is a discriminator (a channel's `type`): it stays exact, or the union could not tell its members apart.
  if (isString && constrained && !('const' in out)) return { anyOf: [out, VARIABLE_REFERENCE] };
  return out;
}
