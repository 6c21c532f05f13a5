import * as z from 'zod';
import { defineCheckOptions } from '../check-type.js';
import { connectionShape, type UrlSpec } from '../endpoint.js';

export const URL_SPEC: UrlSpec = { schemes: ['amqp', 'amqps'], example: 'amqp://user:password@host:5672/vhost', env: 'AMQP_URL' };

/** The amqp check's options: what config validates (the implementation is ./amqp.ts, loaded when a check runs). */
export const amqpOptions = defineCheckOptions({
  type: 'amqp',
  description: 'AMQP 0-9-1 (RabbitMQ): connect, open a channel, optionally check a queue exists and has consumers',
  shape: () => ({
    ...connectionShape(URL_SPEC),
    username: z.string().optional(),
    password: z.string().optional(),
    vhost: z.string().optional().describe('virtual host; default /'),
    queue: z.string().min(1).optional().describe('a queue that must exist (passive declare: never created)'),
    min_consumers: z.number().int().min(1).optional().describe('the queue must have at least this many consumers'),
  }),
});
