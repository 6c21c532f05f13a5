import * as z from 'zod';
import { defineCheckOptions } from '../check-type.js';
import { connectionShape, type UrlSpec } from '../endpoint.js';

export const DEFAULT_MYSQL_QUERY = 'SELECT 1';
export const URL_SPEC: UrlSpec = { schemes: ['mysql', 'mariadb'], example: 'mysql://user:password@host:3306/db', env: 'MYSQL_URL' };

/** The mysql check's options: what config validates (the implementation is ./mysql.ts, loaded when a check runs). */
export const mysqlOptions = defineCheckOptions({
  type: 'mysql',
  description: 'MySQL / MariaDB: connect and run a query (default SELECT 1)',
  shape: () => ({
    ...connectionShape(URL_SPEC),
    user: z.string().optional(),
    password: z.string().optional(),
    database: z.string().optional(),
    ssl: z.union([z.boolean(), z.literal('no-verify')]).optional().describe('true: TLS with a verified certificate; no-verify: TLS without verification'),
    query: z.string().min(1).default(DEFAULT_MYSQL_QUERY),
  }),
});
