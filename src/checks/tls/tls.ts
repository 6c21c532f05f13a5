import { readCaFile } from '../ca-file.js';
import { isIP } from 'node:net';
import { checkServerIdentity, connect, rootCertificates, type TLSSocket } from 'node:tls';
import type { CheckOutcome } from '../../core/types.js';
import { abortable } from '../../util/abort.js';
import { defineCheck } from '../check-type.js';
import { expiryProblem, formatDays, summarizeCertificate } from './certificate.js';
import { describeHandshakeError, describeVerifyCode } from './handshake-error.js';
import { tlsOptions } from '../options.js';

export const tls = defineCheck({
  ...tlsOptions,
  async run(opts, ctx): Promise<CheckOutcome> {
    const target = `${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${opts.port}`;
    const name = opts.servername ?? opts.host;
    let ca: (string | Buffer)[] | undefined;
    if (opts.ca_file) {
      const file = await readCaFile(opts.ca_file);
      if ('reason' in file) return { status: 'error', target, reason: file.reason };
      // Added to the system roots, not instead of them, so a public chain still verifies.
      ca = [...rootCertificates, file.pem];
    }
    // Verification is done below, by hand, so an untrusted or expired certificate is still read
    // and its dates reported instead of a bare handshake error.
    const socket = connect({ host: opts.host, port: opts.port, servername: isIP(name) ? undefined : name, ca, rejectUnauthorized: false });
    socket.on('error', () => {}); // a late error after the verdict must not crash the process
    const secured = new Promise<void>((resolve, reject) => {
      socket.once('secureConnect', () => resolve());
      socket.once('error', reject);
      socket.once('close', () => reject(Object.assign(new Error('connection closed during the TLS handshake'), { code: 'ECONNRESET' })));
    });
    try {
      await abortable(ctx.signal, secured, () => socket.destroy(), () => ({ phase: socket.connecting ? 'connect' : 'tls', where: target }));
      return judge(socket, name, opts.min_days_valid, target);
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      const { code, reason } = describeHandshakeError(err, target);
      return { status: 'failed', target, errorCode: code, reason };
    } finally {
      socket.destroy();
    }
  },
});

/** Turns a completed handshake into the verdict: trust, host name, expiry, in that order. */
function judge(socket: TLSSocket, name: string, minDaysValid: number | undefined, target: string): CheckOutcome {
  const cert = socket.getPeerCertificate(false);
  if (!cert || !cert.valid_to) return { status: 'failed', target, reason: `the server at ${target} sent no certificate` };
  const { exactDaysLeft, ...summary } = summarizeCertificate(cert, Date.now());
  const details: Record<string, unknown> = { ...summary, protocol: socket.getProtocol(), authorized: socket.authorized };
  const verifyCode = socket.authorizationError ? String((socket.authorizationError as { code?: string }).code ?? socket.authorizationError) : undefined;
  const identityError = checkServerIdentity(name, cert);
  const expiry = expiryProblem({ exactDaysLeft, validTo: summary.validTo }, minDaysValid);
  const fail = (reason: string, errorCode?: string): CheckOutcome => ({ status: 'failed', target, reason, errorCode, details });

  if (verifyCode && verifyCode !== 'CERT_HAS_EXPIRED' && verifyCode !== 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return fail(`${describeVerifyCode(verifyCode)} (${verifyCode}) at ${target}; issuer ${summary.issuer ?? 'unknown'}`, verifyCode);
  }
  if (identityError) {
    const names = summary.altNames.length ? summary.altNames.join(', ') : `CN=${summary.subject ?? '?'}`;
    return fail(`certificate is not valid for ${name}: it names ${names}`, 'ERR_TLS_CERT_ALTNAME_INVALID');
  }
  if (expiry) return fail(expiry, exactDaysLeft <= 0 ? 'CERT_HAS_EXPIRED' : 'CERT_EXPIRES_SOON');
  // A passing check still says how long it has: the report shows it next to the verdict.
  return {
    status: 'passed',
    target,
    details,
    summary: `certificate valid for ${formatDays(exactDaysLeft)} (${name}, until ${summary.validTo})`,
    assertions: [{ name: 'days left', expected: minDaysValid === undefined ? '> 0' : `≥ ${minDaysValid}`, actual: summary.daysLeft, passed: true }],
  };
}
