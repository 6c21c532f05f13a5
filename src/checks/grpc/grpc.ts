import { readFile } from 'node:fs/promises';
import { rootCertificates } from 'node:tls';
import { z } from 'zod';
import type { CheckOutcome } from '../../core/types.js';
import { abortable } from '../../util/abort.js';
import { describeError } from '../../util/net-errors.js';
import { isSecretKey } from '../../util/redact.js';
import { defineCheck, type CheckContext } from '../check-type.js';
import { decodeHealthCheckResponse, encodeHealthCheckRequest, HEALTH_CHECK_METHOD } from './health-codec.js';

const options = {
  address: z.string().regex(/^(\[[0-9a-fA-F:.]+\]|[^\s:/]+):\d{1,5}$/, 'host:port, e.g. orders.internal:50051').describe('host:port of the gRPC server'),
  service: z.string().default('').describe('the service name asked about; "" asks for the server as a whole'),
  tls: z.boolean().default(false).describe('connect with TLS (otherwise plaintext HTTP/2)'),
  ca_file: z.string().optional().describe('PEM file of certificate authorities trusted besides the system ones'),
  insecure_tls: z.boolean().optional().describe('skip TLS certificate verification'),
  servername: z.string().min(1).optional().describe('TLS name to verify (and :authority) instead of the host'),
  metadata: z.record(z.string().regex(/^[a-z0-9_.-]+$/, 'a lower-case metadata key'), z.string()).optional().describe('request metadata, e.g. authorization: "Bearer ${TOKEN}"'),
};

/**
 * gRPC's own deadline sits just past ours, so it only guards against a lost abort: our signal fires
 * first and the runner records a timeout rather than a gRPC DEADLINE_EXCEEDED failure.
 */
const DEADLINE_SLACK_MS = 250;

type GrpcOptions = z.infer<z.ZodObject<typeof options>>;

/** A net error code inside grpc-js's details text ("Last error: connect ECONNREFUSED 127.0.0.1:1"). */
const NET_CODE = /\b(E[A-Z]{4,}|CERT_HAS_EXPIRED|UNABLE_TO_[A-Z_]+|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_CERT_ALTNAME_INVALID)\b/;

interface GrpcError {
  code?: number;
  details?: string;
}

/** What a failed call means for a person, by gRPC status code. */
function describeCallError(err: GrpcError, statusName: string, opts: GrpcOptions, target: string): { code: string; reason: string } {
  // grpc-js appends resolver notes and a stringified Error: keep the part a person needs.
  const details = (err.details ?? '').replace(/\.?\s*Resolution note:.*$/s, '').replace(/Last error: Error: /, 'last error: ');
  const net = NET_CODE.exec(details)?.[1];
  const service = opts.service ? `service '${opts.service}'` : 'the server';
  if (net && statusName === 'UNAVAILABLE') {
    return { code: net, reason: describeError(Object.assign(new Error(details), { code: net }), target).reason };
  }
  switch (statusName) {
    case 'NOT_FOUND':
      return { code: 'GRPC_NOT_FOUND', reason: `${service} is unknown to the health service at ${target} (NOT_FOUND)` };
    case 'UNIMPLEMENTED':
      return { code: 'GRPC_UNIMPLEMENTED', reason: `the server at ${target} does not implement grpc.health.v1.Health (UNIMPLEMENTED)` };
    case 'UNAUTHENTICATED':
    case 'PERMISSION_DENIED':
      return { code: `GRPC_${statusName}`, reason: `health check rejected at ${target}: ${statusName}${details ? `: ${details}` : ''}` };
    default:
      return { code: `GRPC_${statusName}`, reason: `gRPC ${statusName} at ${target}${details ? `: ${details}` : ''}` };
  }
}

async function credentialsFor(grpc: typeof import('@grpc/grpc-js'), opts: GrpcOptions) {
  if (!opts.tls) return grpc.credentials.createInsecure();
  // Extra CAs are added to the system roots, not put in their place.
  const roots = opts.ca_file ? Buffer.from([...rootCertificates, (await readFile(opts.ca_file)).toString('utf8')].join('\n')) : null;
  return grpc.credentials.createSsl(roots, null, null, opts.insecure_tls ? { rejectUnauthorized: false, checkServerIdentity: () => undefined } : {});
}

export async function runGrpcHealth(opts: GrpcOptions, ctx: CheckContext): Promise<CheckOutcome> {
  const target = opts.address;
  for (const [key, value] of Object.entries(opts.metadata ?? {})) if (isSecretKey(key)) ctx.redactor.addSecret(value.replace(/^(Bearer|Basic)\s+/i, ''));
  const grpc = await import('@grpc/grpc-js');
  let credentials;
  try {
    credentials = await credentialsFor(grpc, opts);
  } catch (err) {
    return { status: 'error', target, reason: `cannot read ca_file ${opts.ca_file}: ${describeError(err).reason}` };
  }
  const channelOptions: Record<string, string | number> = { 'grpc.enable_retries': 0 };
  if (opts.servername) {
    channelOptions['grpc.ssl_target_name_override'] = opts.servername;
    channelOptions['grpc.default_authority'] = opts.servername;
  }
  const client = new grpc.Client(opts.address, credentials, channelOptions);
  const metadata = new grpc.Metadata();
  for (const [key, value] of Object.entries(opts.metadata ?? {})) metadata.set(key, value);
  let call: { cancel(): void } | undefined;
  const started = performance.now();
  const response = new Promise<{ status: string; code: number }>((resolve, reject) => {
    call = client.makeUnaryRequest(HEALTH_CHECK_METHOD, encodeHealthCheckRequest, decodeHealthCheckResponse, opts.service, metadata, { deadline: new Date(ctx.deadline + DEADLINE_SLACK_MS) }, (err, value) => (err || !value ? reject(err ?? new Error('empty response')) : resolve(value)));
  });
  try {
    const { status } = await abortable(ctx.signal, response, () => {
      call?.cancel();
      client.close();
    });
    const details = { servingStatus: status, service: opts.service, latencyMs: Math.round(performance.now() - started) };
    const assertions = [{ name: 'serving status', expected: 'SERVING', actual: status, passed: status === 'SERVING' }];
    if (status === 'SERVING') return { status: 'passed', target, details, assertions };
    const who = opts.service ? `service '${opts.service}'` : 'the server';
    return { status: 'failed', target, details, assertions, errorCode: `GRPC_HEALTH_${status}`, reason: `${who} at ${target} reports ${status} (expected SERVING)` };
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    const e = err as GrpcError;
    if (typeof e.code !== 'number') {
      const { code, reason } = describeError(err, target);
      return { status: 'failed', target, errorCode: code, reason };
    }
    const statusName = grpc.status[e.code] ?? String(e.code);
    const { code, reason } = describeCallError(e, statusName, opts, target);
    return { status: 'failed', target, errorCode: code, reason, details: { grpcStatus: statusName } };
  } finally {
    client.close();
  }
}

export const grpc = defineCheck({
  type: 'grpc',
  description: 'gRPC: grpc.health.v1.Health/Check for a service, expecting SERVING (plaintext or TLS)',
  options,
  run: (opts, ctx) => runGrpcHealth(opts, ctx),
});
