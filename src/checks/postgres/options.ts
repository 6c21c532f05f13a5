import * as z from 'zod';
import { defineCheckOptions } from '../check-type.js';
import { connectionShape, type UrlSpec } from '../endpoint.js';

export const DEFAULT_POSTGRES_QUERY = 'SELECT 1';
export const URL_SPEC: UrlSpec = { schemes: ['postgres', 'postgresql'], example: 'postgres://user:password@host:5432/db', env: 'DATABASE_URL' };

/** The postgres check's options: what config validates (the implementation is ./postgres.ts, loaded when a check runs). */
export const postgresOptions = defineCheckOptions({
  type: 'postgres',
  description: 'PostgreSQL: connect and run a query (default SELECT 1)',
  shape: () => ({
    ...connectionShape(URL_SPEC),
    user: z.string().optional(),
    password: z.string().optional(),
    database: z.string().optional(),
    ssl: z.union([z.boolean(), z.enum(['require', 'verify-full', 'no-verify'])]).optional()
      .describe('false: no TLS; require / no-verify: TLS without verifying the certificate; true / verify-full: TLS, verified'),
    query: z.string().min(1).default(DEFAULT_POSTGRES_QUERY),
  }),
});
