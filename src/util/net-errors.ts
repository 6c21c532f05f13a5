/**
 * Turns network and driver errors into reasons a person can act on, and a stable code for
 * failure analysis. Shared by every check type so that "connection refused" reads the same
 * whether it came from HTTP, PostgreSQL or AMQP.
 */

export interface DescribedError {
  code?: string;
  reason: string;
}

const CODE_WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by peer',
  ENOTFOUND: 'host not found (DNS)',
  EAI_AGAIN: 'DNS lookup failed temporarily',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed while writing',
  UND_ERR_SOCKET: 'connection closed by peer',
  UND_ERR_CONNECT_TIMEOUT: 'connect timed out',
  UND_ERR_HEADERS_TIMEOUT: 'no response headers in time',
  UND_ERR_BODY_TIMEOUT: 'response body stalled',
  CERT_HAS_EXPIRED: 'TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'TLS certificate chain contains a self-signed certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate cannot be verified',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate does not match the host name',
};

/** Digs the most specific code out of an error and its causes (undici wraps socket errors). */
export function errorCode(err: unknown): string | undefined {
  let current: unknown = err;
  let found: string | undefined;
  for (let depth = 0; current && depth < 5; depth++) {
    const e = current as { code?: unknown; cause?: unknown; errors?: unknown[] };
    if (typeof e.code === 'string' && (!found || found.startsWith('UND_ERR'))) found = e.code;
    // AggregateError from happy-eyeballs connects: the first inner error has the real code.
    current = e.cause ?? (Array.isArray(e.errors) ? e.errors[0] : undefined);
  }
  return found;
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}

/** "connection refused at 127.0.0.1:5673" style reason. `where` is the redacted target. */
export function describeError(err: unknown, where?: string): DescribedError {
  const own = err as { words?: unknown; detail?: unknown; code?: string };
  if (typeof own?.words === 'string') {
    // An error that words itself (the HTTP client's failure kinds): the target goes in the middle.
    return { code: own.code, reason: `${own.words}${where ? ` at ${where}` : ''}${typeof own.detail === 'string' ? ` ${own.detail}` : ''}` };
  }
  const code = errorCode(err);
  const words = code ? CODE_WORDS[code] : undefined;
  const at = where ? ` at ${where}` : '';
  if (words) return { code, reason: `${words}${at}` };
  const message = errorMessage(err);
  return { code, reason: where && !message.includes(where) ? `${message} (${where})` : message };
}

/** True when the error is our own abort (the deadline), not something the target did. */
export function isAbort(err: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted) return true;
  const e = err as { name?: string; code?: string } | undefined;
  return e?.name === 'AbortError' || e?.code === 'UND_ERR_ABORTED' || e?.code === 'ABORT_ERR';
}
