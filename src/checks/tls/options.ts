import * as z from 'zod';
import { defineCheckOptions } from '../check-type.js';

export const DEFAULT_TLS_PORT = 443;

/** The tls check's options: what config validates (the implementation is ./tls.ts, loaded when a check runs). */
export const tlsOptions = defineCheckOptions({
  type: 'tls',
  description: 'TLS: the certificate chain is valid for the host name and expires no sooner than min_days_valid days',
  shape: () => ({
    host: z.string().min(1).regex(/^[^\s/]+$/, 'a host name or IP address, not a URL (e.g. api.example.com)').describe('the host to connect to, e.g. api.example.com'),
    port: z.number().int().min(1).max(65535).default(DEFAULT_TLS_PORT),
    servername: z.string().min(1).optional().describe('SNI and the name the certificate must be valid for; default host'),
    ca_file: z.string().optional().describe('PEM file of certificate authorities trusted besides the system ones'),
    min_days_valid: z.number().min(0).optional().describe('fail when the certificate expires in fewer days'),
  }),
});
