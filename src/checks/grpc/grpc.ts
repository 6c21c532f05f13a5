import { readCaFile } from '../ca-file.js';
import { rootCertificates } from 'node:tls';
import type { CheckOutcome } from '../../core/types.js';
import { abortable, closeGracefully, remainingMs } from '../../util/abort.js';
import { describeError } from '../../util/net-errors.js';
import { isSecretKey } from '../../util/redact.js';
import { defineCheck, type CheckContext } from '../check-type.js';
import { decodeHealthCheckResponse, encodeHealthCheckRequest, HEALTH_CHECK_METHOD } from './health-codec.js';
import { describeHandshakeError } from '../tls/handshake-error.js';
import { GRPC_STATUS, unaryCall, type UnaryAnswer } from './h2-unary.js';
import { grpcOptions } from '../options.js';
import { monotonicMs } from '../../util/monotonic.js';

type GrpcOptions = import('./options.js').GrpcOptions;

/** What a non-OK gRPC status means for a person. */
function describeStatus(answer: UnaryAnswer, opts: GrpcOptions, target: string): { code: string; reason: string } {
  const name = GRPC_STATUS[answer.grpcStatus!] ?? `status ${answer.grpcStatus}`;
  const message = answer.grpcMessage ? `: ${answer.grpcMessage}` : '';
  const who = opts.service ? `service '${opts.service}'` : 'the server';
  switch (name) {
    case 'NOT_FOUND':
      return { code: 'GRPC_NOT_FOUND', reason: `${who} is unknown to the health service at ${target} (NOT_FOUND)` };
    case 'UNIMPLEMENTED':
      return { code: 'GRPC_UNIMPLEMENTED', reason: `the server at ${target} does not implement grpc.health.v1.Health (UNIMPLEMENTED)` };
    case 'UNAUTHENTICATED':
    case 'PERMISSION_DENIED':
      return { code: `GRPC_${name}`, reason: `health check rejected at ${target}: ${name}${message}` };
    default:
      return { code: `GRPC_${name}`, reason: `gRPC ${name} at ${target}${message}` };
  }
}

/** The verdict on a completed call: a gRPC answer at all, then its status, then SERVING. */
function judge(answer: UnaryAnswer, opts: GrpcOptions, target: string, latencyMs: number): CheckOutcome {
  if (answer.httpStatus === undefined) {
    return { status: 'failed', target, errorCode: 'ECONNRESET', reason: `${target} closed the stream without an HTTP/2 answer${opts.tls ? '' : ' (a TLS server? set tls: true)'}` };
  }
  if (answer.httpStatus !== 200 || !answer.contentType?.startsWith('application/grpc')) {
    return { status: 'failed', target, httpStatus: answer.httpStatus, errorCode: 'GRPC_NOT_GRPC', reason: `${target} did not answer as a gRPC server (HTTP ${answer.httpStatus ?? '?'}, content-type ${answer.contentType ?? 'none'})` };
  }
  if (answer.grpcStatus === undefined) return { status: 'failed', target, errorCode: 'GRPC_NO_STATUS', reason: `the gRPC answer from ${target} ended without a grpc-status` };
  if (answer.grpcStatus !== 0) {
    const { code, reason } = describeStatus(answer, opts, target);
    return { status: 'failed', target, errorCode: code, reason, details: { grpcStatus: GRPC_STATUS[answer.grpcStatus] ?? answer.grpcStatus } };
  }
  let status: string;
  try {
    status = decodeHealthCheckResponse(answer.message ?? Buffer.alloc(0)).status;
  } catch (err) {
    return { status: 'failed', target, errorCode: 'GRPC_BAD_MESSAGE', reason: `${target} sent an unreadable HealthCheckResponse: ${describeError(err).reason}` };
  }
  const details = { servingStatus: status, service: opts.service, latencyMs };
  const assertions = [{ name: 'serving status', expected: 'SERVING', actual: status, passed: status === 'SERVING' }];
  if (status === 'SERVING') return { status: 'passed', target, details, assertions };
  const who = opts.service ? `service '${opts.service}'` : 'the server';
  return { status: 'failed', target, details, assertions, errorCode: `GRPC_HEALTH_${status}`, reason: `${who} at ${target} reports ${status} (expected SERVING)` };
}

export async function runGrpcHealth(opts: GrpcOptions, ctx: CheckContext): Promise<CheckOutcome> {
  const target = opts.address;
  for (const [key, value] of Object.entries(opts.metadata ?? {})) if (isSecretKey(key)) ctx.redactor.addSecret(value.replace(/^(Bearer|Basic)\s+/i, ''));
  let ca: (string | Buffer)[] | undefined;
  if (opts.ca_file) {
    const file = await readCaFile(opts.ca_file);
    if ('reason' in file) return { status: 'error', target, reason: file.reason };
    // Extra CAs are added to the system roots, not put in their place.
    ca = [...rootCertificates, file.pem];
  }
  const started = monotonicMs();
  const call = unaryCall({
    authority: opts.address,
    tls: opts.tls,
    ca,
    servername: opts.servername,
    insecure: opts.insecure_tls,
    path: HEALTH_CHECK_METHOD,
    message: encodeHealthCheckRequest(opts.service),
    metadata: opts.metadata ?? {},
    timeoutMs: remainingMs(ctx.deadline),
  });
  try {
    const answer = await abortable(ctx.signal, call.answer, call.destroy, () => ({ phase: call.phase(), where: target }));
    return judge(answer, opts, target, Math.round(monotonicMs() - started));
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    const { code, reason } = describeHandshakeError(err, target);
    if (code === 'ERR_HTTP2_ERROR') return { status: 'failed', target, errorCode: 'GRPC_NOT_GRPC', reason: `${target} does not speak HTTP/2, so it is not a gRPC server (${reason})` };
    return { status: 'failed', target, errorCode: code, reason };
  } finally {
    await closeGracefully(new Promise<void>((resolve) => call.session.close(() => resolve())), call.destroy);
  }
}

export const grpc = defineCheck({
  ...grpcOptions,
  run: (opts, ctx) => runGrpcHealth(opts, ctx),
});
