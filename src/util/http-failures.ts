import type { IncomingMessage } from 'node:http';

/**
 * How an HTTP exchange broke, kept apart (as k6's error codes do: 1212 refused, 1220 reset…),
 * because each points somewhere else: nothing listening, a crash before answering, a proxy or
 * pod dying mid-transfer, a server that lies about its length.
 */
export const HTTP_FAILURE = {
  /** The connection was reset before any response: the process died or a proxy dropped it. */
  RESET_BEFORE_RESPONSE: 'ECONNRESET',
  /** The server accepted the request and closed the connection cleanly without a word. */
  CLOSED_WITHOUT_RESPONSE: 'EMPTY_RESPONSE',
  /** Status and headers arrived, then the connection was reset mid-body. */
  RESET_MID_BODY: 'RESET_MID_BODY',
  /** Status and headers arrived, then the connection closed before the announced end of the body. */
  PREMATURE_END: 'PREMATURE_END',
} as const;

/** An HTTP failure with its own words; `describeError` puts the target after them. */
export class HttpFailure extends Error {
  constructor(
    readonly code: string,
    /** "connection reset by peer mid-body" */
    readonly words: string,
    /** "(status 200, 3 of 100 bytes)" */
    readonly detail?: string,
    readonly httpStatus?: number,
  ) {
    super(words);
    this.name = 'HttpFailure';
  }
}

export function hostPortOf(url: URL): string {
  return `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
}

/** An error before the status line: node:http says "socket hang up" for a clean close, "read ECONNRESET" for a reset. */
export function beforeResponseFailure(err: NodeJS.ErrnoException): Error {
  if (err.code === 'ECONNRESET' && err.message === 'socket hang up') {
    return new HttpFailure(HTTP_FAILURE.CLOSED_WITHOUT_RESPONSE, 'connection closed without a response', '(the server accepted the request, then hung up)');
  }
  if (err.code === 'ECONNRESET') return new HttpFailure(HTTP_FAILURE.RESET_BEFORE_RESPONSE, 'connection reset by peer before any response');
  return err;
}

/** The body broke off: reset (an RST came) or ended early (a clean close before the announced end). */
export function bodyFailure(res: IncomingMessage, status: number, received: number, reset: boolean): HttpFailure {
  const length = Number(res.headers['content-length']);
  const of = Number.isFinite(length) && res.headers['content-length'] !== undefined ? `${received} of ${length} bytes` : `${received} bytes, chunked body unfinished`;
  if (reset) return new HttpFailure(HTTP_FAILURE.RESET_MID_BODY, 'connection reset by peer mid-body', `(status ${status} kept, ${of})`, status);
  return new HttpFailure(HTTP_FAILURE.PREMATURE_END, 'response body ended early', `(status ${status} kept, ${of})`, status);
}
