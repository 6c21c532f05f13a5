import * as z from 'zod';
import { defineCheckOptions } from '../check-type.js';
import { connectionShape, type UrlSpec } from '../endpoint.js';

export const DEFAULT_REDIS_COMMAND = 'PING';
export const URL_SPEC: UrlSpec = { schemes: ['redis', 'rediss'], example: 'redis://[user:password@]host:6379[/db]', env: 'REDIS_URL' };

/** The redis check's options: what config validates (the implementation is ./redis.ts, loaded when a check runs). */
export const redisOptions = defineCheckOptions({
  type: 'redis',
  description: 'Redis: connect (TLS and ACL auth supported), run a command (default PING, expecting PONG), optionally assert INFO fields',
  shape: () => ({
    ...connectionShape(URL_SPEC),
    username: z.string().optional().describe('ACL user (Redis 6+); AUTH with the password alone when absent'),
    password: z.string().optional(),
    db: z.number().int().min(0).optional(),
    tls: z.boolean().optional().describe('TLS when connecting by host/port (a rediss:// url implies it)'),
    ca_file: z.string().optional().describe('PEM file of extra certificate authorities to trust for TLS'),
    insecure_tls: z.boolean().optional().describe('skip TLS certificate verification'),
    command: z.string().min(1).default(DEFAULT_REDIS_COMMAND).describe('a command and its arguments, e.g. "PING" or "GET feature:flags"'),
    expect_reply: z.string().optional().describe('the reply the command must give (PING defaults to PONG)'),
    expect_info: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional().describe('INFO fields and the values they must have, e.g. { role: master }'),
  }),
});
