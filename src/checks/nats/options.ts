import * as z from 'zod';
import { defineCheckOptions } from '../check-type.js';
import { connectionShape, type UrlSpec } from '../endpoint.js';

export const URL_SPEC: UrlSpec = { schemes: ['nats', 'tls'], example: 'nats://[user:password@]host:4222', env: 'NATS_URL' };

/** A request/reply round trip: some service must answer on the subject. */
export interface NatsRequest {
  subject: string;
  payload?: string;
  expect_reply?: string;
}

/** The nats check's options: what config validates (the implementation is ./nats.ts, loaded when a check runs). */
export const natsOptions = defineCheckOptions({
  type: 'nats',
  description: 'NATS: connect, optionally a request/reply round trip and a JetStream stream that must exist',
  shape: () => ({
    ...connectionShape(URL_SPEC),
    user: z.string().optional(),
    password: z.string().optional(),
    token: z.string().optional(),
    request: z.strictObject({
      subject: z.string().min(1),
      payload: z.string().optional().describe('default: empty'),
      expect_reply: z.string().optional().describe('the exact reply; without it any reply passes'),
    }).optional().describe('a request/reply round trip: some service must answer on the subject'),
    jetstream_stream: z.string().min(1).optional().describe('a JetStream stream that must exist'),
  }),
});
