import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

/**
 * A real gRPC server implementing grpc.health.v1 from the official .proto (through
 * proto-loader, independently of the check's hand-written codec). Statuses per service name
 * can be changed while it runs; unknown names answer NOT_FOUND, as the reference server does.
 */
const HEALTH_PROTO = `syntax = "proto3";
package grpc.health.v1;
message HealthCheckRequest { string service = 1; }
message HealthCheckResponse {
  enum ServingStatus { UNKNOWN = 0; SERVING = 1; NOT_SERVING = 2; SERVICE_UNKNOWN = 3; }
  ServingStatus status = 1;
}
service Health {
  rpc Check(HealthCheckRequest) returns (HealthCheckResponse);
}
`;

export interface GrpcHealthServer {
  port: number;
  address: string;
  statuses: Map<string, 'UNKNOWN' | 'SERVING' | 'NOT_SERVING' | 'SERVICE_UNKNOWN'>;
  close(): Promise<void>;
}

export async function startGrpcHealthServer(options: { tls?: { cert: Buffer; key: Buffer }; requireToken?: string; withoutHealth?: boolean } = {}): Promise<GrpcHealthServer> {
  const dir = mkdtempSync(join(tmpdir(), 'smokeguard-grpc-'));
  writeFileSync(join(dir, 'health.proto'), HEALTH_PROTO);
  const definition = protoLoader.loadSync(join(dir, 'health.proto'), { enums: String, defaults: true });
  const pkg = grpc.loadPackageDefinition(definition) as unknown as { grpc: { health: { v1: { Health: { service: grpc.ServiceDefinition } } } } };
  const statuses: GrpcHealthServer['statuses'] = new Map([['', 'SERVING']]);
  const server = new grpc.Server();
  if (!options.withoutHealth) {
    server.addService(pkg.grpc.health.v1.Health.service, {
      Check(call: grpc.ServerUnaryCall<{ service: string }, unknown>, callback: grpc.sendUnaryData<unknown>) {
        if (options.requireToken && call.metadata.get('authorization')[0] !== `Bearer ${options.requireToken}`) {
          return callback({ code: grpc.status.UNAUTHENTICATED, details: 'invalid or missing bearer token' });
        }
        const status = statuses.get(call.request.service);
        if (!status) return callback({ code: grpc.status.NOT_FOUND, details: 'unknown service' });
        callback(null, { status });
      },
    });
  }
  const credentials = options.tls ? grpc.ServerCredentials.createSsl(null, [{ cert_chain: options.tls.cert, private_key: options.tls.key }]) : grpc.ServerCredentials.createInsecure();
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', credentials, (err, p) => (err ? reject(err) : resolve(p))));
  return {
    port,
    address: `${options.tls ? 'localhost' : '127.0.0.1'}:${port}`,
    statuses,
    close: async () => server.forceShutdown(),
  };
}
