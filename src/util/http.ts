import http from 'node:http';
import type * as Https from 'node:https';
import { readFileSync } from 'node:fs';
import type * as Tls from 'node:tls';
import { isIP, type LookupFunction } from 'node:net';
import { DeadlineError, onAbort } from './abort.js';
import { readBody } from './http-body.js';
import { beforeResponseFailure, bodyFailure, hostPortOf } from './http-failures.js';
import { recordCut, type Phase } from './phase.js';
import { monotonicMs } from './monotonic.js';

/** Largest body kept in memory per response (decoded bytes); the rest is never read. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Sent unless the request sets its own: what browsers and blackbox_exporter accept. */
export const ACCEPT_ENCODING = 'gzip, deflate, br';

export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  signal: AbortSignal;
  /** Skip certificate verification for this request (self-signed staging endpoints). */
  insecure?: boolean;
  /** PEM file of extra CAs to trust, besides the system's. */
  caFile?: string;
}

export interface HttpResponse {
  status: number;
  /** Lower-cased names; repeated headers (set-cookie) as arrays. */
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** True when the body was longer than MAX_BODY_BYTES and cut (after decoding). */
  truncated: boolean;
  /** Why the body cannot be judged, though the status stands: cut at the cap, or a corrupt encoding. */
  bodyProblem?: string;
  durationMs: number;
}

/** The one HTTP client of a run: pooled keep-alive connections, every call bound to a signal. */
export interface HttpClient {
  request(req: HttpRequest): Promise<HttpResponse>;
  /** Closes every pooled connection at once (does not wait for idle sockets). */
  close(): Promise<void>;
}

/**
 * node:https (and node:tls under it) load on the first https:// request: a run against plain
 * http targets never pays for them (~5 ms a run, measured on Node 20).
 */
const https = () => process.getBuiltinModule('node:https') as typeof Https;
const rootCertificates = () => (process.getBuiltinModule('node:tls') as typeof Tls).rootCertificates;

/**
 * node:http with keep-alive agents. Measured on Node 20: the global fetch costs ~0.25 s on first
 * use and undici's package ~0.3 s to load (it compiles its WebAssembly HTTP parser); node:http
 * uses the native parser already in the binary, which matters for a tool that runs once per deploy.
 * One agent per scheme and TLS setting, created on first use.
 */
export function createHttpClient(options: {
  connections?: number;
  /** Host name resolution for every request (default: the system's, as node:http does). */
  lookup?: LookupFunction;
} = {}): HttpClient {
  const agents = new Map<string, http.Agent>();
  const agentFor = (req: HttpRequest, secure: boolean): http.Agent => {
    const key = `${secure ? 's' : ''}|${req.insecure ? 1 : 0}|${req.caFile ?? ''}`;
    let agent = agents.get(key);
    if (!agent) {
      const common = { keepAlive: true, maxSockets: options.connections ?? 16 };
      agent = secure
        ? new (https().Agent)({ ...common, rejectUnauthorized: !req.insecure, ...(req.caFile ? { ca: [...rootCertificates(), readFileSync(req.caFile, 'utf8')] } : {}) })
        : new http.Agent(common);
      agents.set(key, agent);
    }
    return agent;
  };

  return {
    request(req) {
      return new Promise<HttpResponse>((resolve, reject) => {
        const started = monotonicMs();
        const url = new URL(req.url);
        const secure = url.protocol === 'https:';
        if (!secure && url.protocol !== 'http:') return reject(new Error(`unsupported protocol ${url.protocol} in ${url.origin}`));
        const where = hostPortOf(url);
        const headers: Record<string, string | number> = { ...req.headers };
        if (req.body !== undefined) headers['content-length'] = Buffer.byteLength(req.body);
        if (!Object.keys(headers).some((k) => k.toLowerCase() === 'accept-encoding')) headers['accept-encoding'] = ACCEPT_ENCODING;
        // Where the request is, for a timeout's reason: DNS, connect, TLS, headers, body.
        let phase: Phase = isIP(url.hostname.replace(/^\[|\]$/g, '')) ? 'connect' : 'dns';
        let status: number | undefined;
        let body: { received(): number } | undefined;
        let resetAfterResponse = false;
        let settled = false;
        const fail = (err: Error) => {
          if (settled) return;
          settled = true;
          reject(err);
        };
        // No `signal` option here: node:http would add a listener of its own to the (shared) signal.
        const outgoing = (secure ? https() : http).request(url, { method: req.method, headers, agent: agentFor(req, secure), ...(options.lookup ? { lookup: options.lookup } : {}) }, (res) => {
          phase = 'body';
          status = res.statusCode ?? 0;
          const reading = readBody(res, MAX_BODY_BYTES);
          body = reading;
          reading.done.then(
            (read) => {
              if (settled) return;
              settled = true;
              resolve({
                status: status!,
                headers: res.headers,
                body: read.body.toString('utf8'),
                truncated: read.truncated,
                ...(read.truncated ? { bodyProblem: `body larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB, not parsed` } : read.problem ? { bodyProblem: read.problem } : {}),
                durationMs: Math.round(monotonicMs() - started),
              });
            },
            () => fail(bodyFailure(res, status!, reading.received(), resetAfterResponse)),
          );
        });
        outgoing.on('socket', (socket) => {
          if (!socket.connecting) {
            phase = 'headers'; // a kept-alive connection: straight to the request
            return;
          }
          socket.once('lookup', () => (phase = 'connect'));
          socket.once('connect', () => (phase = secure ? 'tls' : 'headers'));
          if (secure) socket.once('secureConnect', () => (phase = 'headers'));
        });
        outgoing.on('error', (err: NodeJS.ErrnoException) => {
          if (status !== undefined) {
            resetAfterResponse = true; // the body's own error follows and says the rest
            return;
          }
          fail(beforeResponseFailure(err));
        });
        // node:http destroys the request on abort too; rejecting here as well means no code path
        // (a socket still being assigned, a half-read body) can outlive the deadline.
        // One subscription per request, through the signal's single shared listener (onAbort),
        // removed when the request closes: a burst on one check's signal adds no listeners.
        const unsubscribe = onAbort(req.signal, () => {
          const detail = phase === 'body' ? `status ${status}, ${body?.received() ?? 0} bytes read` : undefined;
          const at = { phase, where, ...(detail ? { detail } : {}) };
          recordCut(req.signal, at);
          fail(new DeadlineError(undefined, at));
          outgoing.destroy();
        });
        if (req.signal.aborted) return;
        outgoing.on('close', unsubscribe);
        outgoing.end(req.body);
      });
    },
    async close() {
      for (const agent of agents.values()) agent.destroy();
      agents.clear();
    },
  };
}

/** A header's first value, whatever its shape. */
export function headerValue(headers: HttpResponse['headers'], name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** Parses a body as JSON when it looks like JSON; `undefined` otherwise. */
export function parseJsonBody(res: HttpResponse): unknown {
  if (res.bodyProblem) return undefined;
  const type = headerValue(res.headers, 'content-type') ?? '';
  const text = res.body.trim();
  if (!/json/i.test(type) && !(text.startsWith('{') || text.startsWith('['))) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
