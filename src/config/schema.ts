import { fullConfigSchema } from './lazy-schema.js';

/**
 * The config schema: the source of the TypeScript types, of validation and of the published JSON
 * Schema (`smokeguard schema`). `configSchema` here is the whole schema, every section and check
 * type, built when this module loads: for library users and tests. The CLI's loader validates
 * with `configSchemaFor(data)` from ./lazy-schema.ts, which builds only what a config has.
 */
export * from './lazy-schema.js';
export const configSchema = fullConfigSchema();
