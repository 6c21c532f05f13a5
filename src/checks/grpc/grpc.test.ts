import { createServer, type Http2Server } from 'node:http2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkOptionProblems, checkOptions } from '../../../test/helpers/check-options.js';
import { testContext } from '../../../test/helpers/check-context.js';
import { startGrpcHealthServer, type GrpcHealthServer } from '../../../test/helpers/grpc-health-server.js';
import { startHttpTarget, type HttpTarget } from '../../../test/helpers/http-target.js';
import { closedPort, startSilentServer } from '../../../test/helpers/silent-server.js';
import { testPki } from '../../../test/helpers/tls-certs.js';
import type { CheckOutcome } from '../../core/types.js';
import { grpc } from './grpc.js';
import { decodeHealthCheckResponse, encodeHealthCheckRequest } from './health-codec.js';

const pki = testPki();
let plain: GrpcHealthServer;
let secure: GrpcHealthServer;
let guarded: GrpcHealthServer;
let bare: GrpcHealthServer;
let wrongName: GrpcHealthServer;
let http1: HttpTarget;
let h2c: Http2Server;
let h2cPort: number;
beforeAll(async () => {
  plain = await startGrpcHealthServer();
  plain.statuses.set('orders.v1.Orders', 'SERVING');
  plain.statuses.set('payments.v1.Payments', 'NOT_SERVING');
  secure = await startGrpcHealthServer({ tls: pki.valid });
  guarded = await startGrpcHealthServer({ requireToken: 'grpc-token-123' });
  bare = await startGrpcHealthServer({ withoutHealth: true });
  wrongName = await startGrpcHealthServer({ tls: pki.wrongHost });
  wrongName.address = `localhost:${wrongName.port}`;
  http1 = await startHttpTarget({ '/': { body: 'hello' } });
  // An HTTP/2 server that is not gRPC: a web server answering 404 in HTML.
  h2c = createServer((_req, res) => {
    res.writeHead(404, { 'content-type': 'text/html' });
    res.end('<h1>not found</h1>');
  });
  await new Promise<void>((r) => h2c.listen(0, '127.0.0.1', r));
  h2cPort = (h2c.address() as { port: number }).port;
});
afterAll(async () => {
  for (const s of [plain, secure, guarded, bare, wrongName]) await s?.close();
  await http1?.close();
  await new Promise((r) => h2c?.close(r));
});

interface Scenario {
  name: string;
  entry: () => Record<string, unknown>;
  status: CheckOutcome['status'];
  reason?: RegExp;
  errorCode?: string;
}

const scenarios: Scenario[] = [
  { name: 'server as a whole is SERVING', entry: () => ({ address: plain.address }), status: 'passed' },
  { name: 'named service SERVING', entry: () => ({ address: plain.address, service: 'orders.v1.Orders' }), status: 'passed' },
  { name: 'named service NOT_SERVING', entry: () => ({ address: plain.address, service: 'payments.v1.Payments' }), status: 'failed', reason: /^service 'payments\.v1\.Payments' at 127\.0\.0\.1:\d+ reports NOT_SERVING \(expected SERVING\)$/, errorCode: 'GRPC_HEALTH_NOT_SERVING' },
  { name: 'unknown service', entry: () => ({ address: plain.address, service: 'nope.v1.Nope' }), status: 'failed', reason: /service 'nope\.v1\.Nope' is unknown to the health service .*\(NOT_FOUND\)/, errorCode: 'GRPC_NOT_FOUND' },
  { name: 'server without the health service', entry: () => ({ address: bare.address }), status: 'failed', reason: /does not implement grpc\.health\.v1\.Health/, errorCode: 'GRPC_UNIMPLEMENTED' },
  { name: 'TLS trusted through ca_file', entry: () => ({ address: secure.address, tls: true, ca_file: pki.caFile }), status: 'passed' },
  { name: 'TLS with insecure_tls', entry: () => ({ address: secure.address, tls: true, insecure_tls: true }), status: 'passed' },
  { name: 'TLS from an unknown CA', entry: () => ({ address: secure.address, tls: true }), status: 'failed', errorCode: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', reason: /^TLS certificate cannot be verified at localhost:\d+$/ },
  { name: 'TLS certificate for another name', entry: () => ({ address: wrongName.address, tls: true, ca_file: pki.caFile }), status: 'failed', errorCode: 'ERR_TLS_CERT_ALTNAME_INVALID', reason: /^TLS certificate does not match the host name at localhost:\d+$/ },
  { name: 'servername names the certificate', entry: () => ({ address: wrongName.address, tls: true, ca_file: pki.caFile, servername: 'wrong.example' }), status: 'passed' },
  { name: 'plaintext against a TLS server', entry: () => ({ address: secure.address }), status: 'failed', reason: /^localhost:\d+ closed the stream without an HTTP\/2 answer \(a TLS server\? set tls: true\)$/ },
  { name: 'TLS against a plaintext server', entry: () => ({ address: plain.address, tls: true }), status: 'failed', errorCode: 'ERR_SSL_WRONG_VERSION_NUMBER', reason: /^TLS handshake failed at 127\.0\.0\.1:\d+: wrong version number/ },
  { name: 'an HTTP/1 server is not gRPC', entry: () => ({ address: `127.0.0.1:${http1.port}` }), status: 'failed', errorCode: 'GRPC_NOT_GRPC', reason: /^127\.0\.0\.1:\d+ does not speak HTTP\/2, so it is not a gRPC server/ },
  { name: 'an HTTP/2 web server is not gRPC', entry: () => ({ address: `127.0.0.1:${h2cPort}` }), status: 'failed', errorCode: 'GRPC_NOT_GRPC', reason: /^127\.0\.0\.1:\d+ did not answer as a gRPC server \(HTTP 404, content-type text\/html\)$/ },
  { name: 'right token in metadata', entry: () => ({ address: guarded.address, metadata: { authorization: 'Bearer grpc-token-123' } }), status: 'passed' },
  { name: 'wrong token in metadata', entry: () => ({ address: guarded.address, metadata: { authorization: 'Bearer wrong-token-456' } }), status: 'failed', reason: /rejected .*UNAUTHENTICATED: invalid or missing bearer token/, errorCode: 'GRPC_UNAUTHENTICATED' },
];

describe('grpc check', () => {
  it.each(scenarios)('$name', async (s) => {
    const ctx = testContext();
    try {
      const out = await grpc.run(checkOptions(grpc, s.entry()), ctx);
      expect(out.status, out.reason).toBe(s.status);
      if (s.reason) expect(out.reason).toMatch(s.reason);
      if (s.errorCode) expect(out.errorCode).toBe(s.errorCode);
      if (out.status === 'passed') expect(out.details).toMatchObject({ servingStatus: 'SERVING' });
      expect(JSON.stringify(ctx.redactor.value(out))).not.toContain('wrong-token-456');
    } finally {
      await ctx.dispose();
    }
  });

  it('the metadata token is registered as a secret', async () => {
    const ctx = testContext();
    try {
      await grpc.run(checkOptions(grpc, { address: guarded.address, metadata: { authorization: 'Bearer wrong-token-456' } }), ctx);
      expect(ctx.redactor.text('sent wrong-token-456')).toBe('sent ***');
    } finally {
      await ctx.dispose();
    }
  });

  it('nothing listening: connection refused', async () => {
    const port = await closedPort();
    const ctx = testContext();
    try {
      const out = await grpc.run(checkOptions(grpc, { address: `127.0.0.1:${port}` }), ctx);
      expect(out).toMatchObject({ status: 'failed', errorCode: 'ECONNREFUSED', reason: `connection refused at 127.0.0.1:${port}` });
    } finally {
      await ctx.dispose();
    }
  });

  it.each([
    { tls: false, phase: 'headers' },
    { tls: true, phase: 'tls' },
  ])('accepts and stays silent (tls: $tls): cut at the timeout, the cut names the $phase phase and host:port', async ({ tls, phase }) => {
    const silent = await startSilentServer();
    const ctx = testContext({ timeoutMs: 700 });
    const started = Date.now();
    try {
      const cut = grpc.run(checkOptions(grpc, { address: `127.0.0.1:${silent.port}`, tls }), ctx);
      await expect(cut).rejects.toThrow(/deadline/);
      await expect(cut).rejects.toMatchObject({ at: { phase, where: `127.0.0.1:${silent.port}` } });
      expect(Date.now() - started).toBeLessThan(700 + 1000);
      expect(silent.connections()).toBeGreaterThanOrEqual(1);
    } finally {
      await ctx.dispose();
      await silent.close();
    }
  });

  it('config: address must be host:port', () => {
    expect(checkOptionProblems(grpc, { address: 'grpc://x:1' })).toEqual([expect.stringMatching(/^address: host:port/)]);
    expect(checkOptionProblems(grpc, { address: '[::1]:50051' })).toEqual([]);
    expect(checkOptions(grpc, { address: 'x:1' })).toMatchObject({ service: '', tls: false });
  });
});

describe('health codec', () => {
  it.each([
    ['', ''],
    ['a', '0a0161'],
    ['x'.repeat(200), `0ac801${'78'.repeat(200)}`],
  ])('encodes service %#', (service, hex) => {
    expect(encodeHealthCheckRequest(service).toString('hex')).toBe(hex);
  });
  it.each([
    ['', 'UNKNOWN'],
    ['0801', 'SERVING'],
    ['0802', 'NOT_SERVING'],
    ['0803', 'SERVICE_UNKNOWN'],
    ['12036162630801', 'SERVING'], // an unknown length-delimited field first is skipped
    ['0809', 'UNKNOWN(9)'],
  ])('decodes %s', (hex, status) => {
    expect(decodeHealthCheckResponse(Buffer.from(hex, 'hex')).status).toBe(status);
  });
  it('rejects a truncated message', () => {
    expect(() => decodeHealthCheckResponse(Buffer.from('1205ab', 'hex'))).toThrow(/truncated/);
  });
});
