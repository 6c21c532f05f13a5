import { connect, constants, type ClientHttp2Session, type IncomingHttpHeaders } from 'node:http2';
import type { Phase } from '../../util/phase.js';

/**
 * One gRPC unary call over node:http2, with the session in our hands: @grpc/grpc-js keeps a
 * connection attempt alive after its channel is closed (a silent server keeps the socket until
 * grpc-js's own 20 s connect timeout), and a smoke check must leave nothing behind when its
 * deadline cuts it. A unary call is simple on the wire (gRPC over HTTP/2 spec): a POST with
 * `content-type: application/grpc`, a length-prefixed message, and `grpc-status` in trailers.
 */

/** gRPC status codes by number (grpc/doc/statuscodes.md). */
export const GRPC_STATUS = ['OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS', 'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED'] as const;

export interface UnaryCall {
  /** host:port */
  authority: string;
  tls: boolean;
  /** Trusted CAs (PEM), replacing the defaults; undefined keeps the system roots. */
  ca?: (string | Buffer)[];
  /** SNI and the name the certificate must cover. */
  servername?: string;
  insecure?: boolean;
  path: string;
  message: Buffer;
  metadata: Record<string, string>;
  /** Sent as grpc-timeout, so the server gives up when we do. */
  timeoutMs: number;
}

export interface UnaryAnswer {
  /** The HTTP status; a non-200 means the peer is not speaking gRPC. */
  httpStatus?: number;
  contentType?: string;
  /** From the trailers (or trailers-only headers); undefined when the stream ended without one. */
  grpcStatus?: number;
  grpcMessage?: string;
  /** The first length-prefixed message of the response, when any. */
  message?: Buffer;
}

function frame(message: Buffer): Buffer {
  const prefix = Buffer.alloc(5);
  prefix.writeUInt8(0, 0); // not compressed
  prefix.writeUInt32BE(message.length, 1);
  return Buffer.concat([prefix, message]);
}

function unframe(data: Buffer): Buffer | undefined {
  if (data.length < 5) return undefined;
  const length = data.readUInt32BE(1);
  return data.length >= 5 + length ? data.subarray(5, 5 + length) : undefined;
}

function decodeMessage(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined) return undefined;
  try {
    return decodeURIComponent(text);
  } catch {
    return text; // not percent-encoded after all: show it as sent
  }
}

/**
 * Where a call is, for a timeout's reason: a blackholed connect, a TLS handshake that stalls and
 * a server that accepted and never answers are different problems. Read at the moment of the cut.
 */
function phaseOfSession(session: ClientHttp2Session, answered: boolean): Phase {
  if (answered) return 'body';
  if (!session.connecting) return 'headers';
  try {
    // The session's socket proxy forwards property reads; it throws once the socket is gone.
    return session.socket.connecting ? 'connect' : 'tls';
  } catch {
    return 'connect';
  }
}

/** Starts the call; `destroy` cuts the session at once (our deadline); `phase()` says where it is. */
export function unaryCall(call: UnaryCall): { answer: Promise<UnaryAnswer>; session: ClientHttp2Session; destroy(): void; phase(): Phase } {
  const session = connect(`${call.tls ? 'https' : 'http'}://${call.authority}`, call.tls
    ? { ca: call.ca, servername: call.servername, rejectUnauthorized: !call.insecure, ...(call.insecure ? { checkServerIdentity: () => undefined } : {}), ALPNProtocols: ['h2'] }
    : {});
  const destroy = () => session.destroy();
  // Errors after the answer settled (a reset while closing) must not crash the process.
  session.on('error', () => {});
  let answered = false;
  const answer = new Promise<UnaryAnswer>((resolve, reject) => {
    const out: UnaryAnswer = {};
    const chunks: Buffer[] = [];
    const readStatus = (h: IncomingHttpHeaders) => {
      if (h['grpc-status'] !== undefined) out.grpcStatus = Number(h['grpc-status']);
      if (h['grpc-message'] !== undefined) out.grpcMessage = decodeMessage(h['grpc-message']);
    };
    session.once('error', reject);
    session.once('close', () => reject(Object.assign(new Error('connection closed before the gRPC answer'), { code: 'ECONNRESET' })));
    const req = session.request({
      [constants.HTTP2_HEADER_METHOD]: 'POST',
      [constants.HTTP2_HEADER_PATH]: call.path,
      ...(call.servername ? { [constants.HTTP2_HEADER_AUTHORITY]: call.servername } : {}),
      'content-type': 'application/grpc',
      te: 'trailers',
      'grpc-timeout': `${Math.max(1, Math.floor(call.timeoutMs))}m`,
      'user-agent': 'smokeguard',
      ...call.metadata,
    });
    // A failed connect cancels the pending stream; the cause is what a person needs.
    req.once('error', (err: Error & { cause?: unknown }) => reject(err.cause ?? err));
    req.once('response', (headers) => {
      answered = true;
      out.httpStatus = Number(headers[constants.HTTP2_HEADER_STATUS]);
      out.contentType = typeof headers['content-type'] === 'string' ? headers['content-type'] : undefined;
      readStatus(headers);
    });
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('trailers', readStatus);
    req.once('end', () => {
      out.message = unframe(Buffer.concat(chunks));
      resolve(out);
    });
    req.end(frame(call.message));
  });
  return { answer, session, destroy, phase: () => phaseOfSession(session, answered) };
}
