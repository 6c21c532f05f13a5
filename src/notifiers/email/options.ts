import * as z from 'zod';
import { defineNotifierOptions } from '../notifier.js';

export const SMTP_TLS_MODES = ['starttls', 'implicit', 'none'] as const;

/** The email options: what config validates (the implementation is ./email.ts, loaded when used). */
export const emailOptions = defineNotifierOptions({
  type: 'email',
  description: 'Email over SMTP (STARTTLS or implicit TLS, AUTH): a plain-text and an HTML part',
  options: () => ({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(587),
    tls: z.enum(SMTP_TLS_MODES).default('starttls').describe('starttls: upgrade required (587); implicit: TLS from the first byte (465); none: plain (local relays only)'),
    username: z.string().min(1).optional(),
    password: z.string().min(1).optional().describe('use ${SMTP_PASSWORD}'),
    from: z.string().min(3),
    to: z.union([z.string().min(3), z.array(z.string().min(3)).min(1)], { error: (iss) => (iss.input === undefined ? 'required: one address or a list of addresses' : 'one address or a list of addresses') }),
    cc: z.array(z.string().min(3)).optional(),
    subject_prefix: z.string().default('[smokeguard]'),
    insecure_tls: z.boolean().default(false).describe('accept a self-signed server certificate'),
    ca_file: z.string().optional(),
  }),
  refine(o, ctx) {
    if (!!o.username !== !!o.password) ctx.addIssue({ code: 'custom', path: [o.username ? 'password' : 'username'], message: 'username and password go together (SMTP AUTH needs both)' });
    if (o.port === 465 && o.tls === 'starttls') ctx.addIssue({ code: 'custom', path: ['tls'], message: 'port 465 speaks implicit TLS: set tls: implicit (or use port 587 for STARTTLS)' });
    if (o.tls === 'none' && o.password) ctx.addIssue({ code: 'custom', path: ['tls'], message: 'tls: none would send the SMTP password in clear text: use starttls or implicit' });
  },
  secrets: (o) => [o.password],
});
