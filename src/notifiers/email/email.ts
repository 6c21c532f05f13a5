import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { abortable, remainingMs } from '../../util/abort.js';
import { describeError } from '../../util/net-errors.js';
import { defineNotifier } from '../notifier.js';
import { renderEmail } from './render.js';

export const SMTP_TLS_MODES = ['starttls', 'implicit', 'none'] as const;

export const email = defineNotifier({
  type: 'email',
  description: 'Email over SMTP (STARTTLS or implicit TLS, AUTH): a plain-text and an HTML part',
  options: {
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
  },
  refine(o, ctx) {
    if (!!o.username !== !!o.password) ctx.addIssue({ code: 'custom', path: [o.username ? 'password' : 'username'], message: 'username and password go together (SMTP AUTH needs both)' });
    if (o.port === 465 && o.tls === 'starttls') ctx.addIssue({ code: 'custom', path: ['tls'], message: 'port 465 speaks implicit TLS: set tls: implicit (or use port 587 for STARTTLS)' });
    if (o.tls === 'none' && o.password) ctx.addIssue({ code: 'custom', path: ['tls'], message: 'tls: none would send the SMTP password in clear text: use starttls or implicit' });
  },
  secrets: (o) => [o.password],
  async send(o, message, ctx) {
    const content = ctx.redactor.value(renderEmail(message, o.subject_prefix));
    const nodemailer = await import('nodemailer');
    const budget = remainingMs(ctx.deadline);
    const transport = nodemailer.createTransport({
      host: o.host,
      port: o.port,
      secure: o.tls === 'implicit',
      requireTLS: o.tls === 'starttls',
      ignoreTLS: o.tls === 'none',
      auth: o.username ? { user: o.username, pass: o.password } : undefined,
      connectionTimeout: budget,
      greetingTimeout: budget,
      socketTimeout: budget,
      tls: { rejectUnauthorized: !o.insecure_tls, ca: o.ca_file ? readFileSync(o.ca_file) : undefined },
    });
    try {
      // Our own Message-ID, so that the follow-up can thread under it (In-Reply-To / References).
      const messageId = `<smokeguard.${message.runId}.${randomUUID()}@${domainOf(o.from)}>`;
      const thread = ctx.replyTo ? { inReplyTo: ctx.replyTo, references: [ctx.replyTo] } : {};
      await abortable(ctx.signal, transport.sendMail({ from: o.from, to: o.to, cc: o.cc, subject: content.subject, text: content.text, html: content.html, messageId, ...thread }), () => transport.close());
      return { ok: true, threadId: messageId };
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      const e = err as { code?: string; responseCode?: number };
      const reason = ctx.redactor.text(describeError(err, `${o.host}:${o.port}`).reason);
      // 5xx SMTP replies and bad credentials will not change on retry; 4xx and network errors may.
      const permanent = e.code === 'EAUTH' || e.code === 'EENVELOPE' || (typeof e.responseCode === 'number' && e.responseCode >= 500);
      return { ok: false, retryable: !permanent, error: reason };
    } finally {
      transport.close();
    }
  },
});

/** The domain part of a From address ("Ops <ops@example.com>" → example.com), for Message-IDs. */
function domainOf(from: string): string {
  const m = /@([A-Za-z0-9.-]+)/.exec(from);
  return m ? m[1] : 'smokeguard.invalid';
}
