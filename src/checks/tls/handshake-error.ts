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
