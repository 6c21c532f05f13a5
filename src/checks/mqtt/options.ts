import * as z from 'zod';
import { defineCheckOptions } from '../check-type.js';
import { connectionShape, type UrlSpec } from '../endpoint.js';

export const URL_SPEC: UrlSpec = { schemes: ['mqtt', 'mqtts', 'tcp', 'ssl', 'ws', 'wss'], example: 'mqtt://[user:password@]host:1883', env: 'MQTT_URL' };

/** The mqtt check's options: what config validates (the implementation is ./mqtt.ts, loaded when a check runs). */
export const mqttOptions = defineCheckOptions({
  type: 'mqtt',
  description: 'MQTT: connect, optionally a publish/subscribe round trip on a test topic',
  shape: () => ({
    ...connectionShape(URL_SPEC),
    username: z.string().optional(),
    password: z.string().optional(),
    round_trip_topic: z.string().min(1).regex(/^[^#+]+$/, 'a plain topic, without + or # wildcards').optional().describe('publish a unique message here and receive it back through a subscription'),
  }),
});
