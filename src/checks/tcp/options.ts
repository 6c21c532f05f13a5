import * as z from 'zod';
import { defineCheckOptions } from '../check-type.js';

/** The tcp check's options: what config validates (the implementation is ./tcp.ts, loaded when a check runs). */
export const tcpOptions = defineCheckOptions({
  type: 'tcp',
  description: 'TCP: connect to host:port, optionally expecting a greeting banner',
  shape: () => ({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535),
    expect_banner: z.string().min(1).optional().describe('text the server must send first (an SSH or SMTP greeting); without it, a TCP connect passes'),
  }),
});
