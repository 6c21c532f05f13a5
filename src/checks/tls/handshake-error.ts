import { describeError, type DescribedError } from '../../util/net-errors.js';

/**
 * OpenSSL's handshake errors read like "80CC…:error:0A00010B:SSL routines:ssl3_get_record:wrong
 * version number:../deps/openssl/…". Node puts the useful part in `reason` and the kind in
 * `code` (ERR_SSL_WRONG_VERSION_NUMBER); say that instead, with a hint for the common case.
 */
export function describeHandshakeError(err: unknown, target: string): DescribedError {
  const e = err as { code?: unknown; reason?: unknown };
  if (typeof e?.code === 'string' && e.code.startsWith('ERR_SSL_')) {
    const what = typeof e.reason === 'string' ? e.reason : e.code.slice('ERR_SSL_'.length).toLowerCase().replace(/_/g, ' ');
    const hint = e.code === 'ERR_SSL_WRONG_VERSION_NUMBER' || e.code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG' ? ' (the server does not speak TLS on this port?)' : '';
    return { code: e.code, reason: `TLS handshake failed at ${target}: ${what}${hint}` };
  }
  return describeError(err, target);
}

/** Certificate verification codes the shared table does not word, in words. */
const VERIFY_WORDS: Record<string, string> = {
  CERT_NOT_YET_VALID: 'TLS certificate is not valid yet',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'TLS certificate issuer is unknown (a missing intermediate certificate, or an untrusted CA)',
  UNABLE_TO_GET_ISSUER_CERT: 'TLS certificate issuer is unknown',
  CERT_REVOKED: 'TLS certificate has been revoked',
  CERT_SIGNATURE_FAILURE: 'TLS certificate signature is invalid',
  CERT_UNTRUSTED: 'TLS certificate is not trusted',
  INVALID_CA: 'a certificate in the chain is not a valid CA',
};

/** "TLS certificate is not valid yet" for a verification code; never "[object Object]". */
export function describeVerifyCode(code: string): string {
  if (VERIFY_WORDS[code]) return VERIFY_WORDS[code]!;
  // The shared table words the common codes; any other falls back to the error's message.
  return describeError(Object.assign(new Error('TLS certificate rejected'), { code })).reason;
}
