import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { abortable, remainingMs } from '../../util/abort.js';
import { describeError } from '../../util/net-errors.js';
import { defineNotifier } from '../notifier.js';
import { renderEmail } from './render.js';
import { emailOptions } from '../all-options.js';
export { SMTP_TLS_MODES } from './options.js';

export const email = defineNotifier({
  ...emailOptions,
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
