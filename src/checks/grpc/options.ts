import * as z from 'zod';
import { defineCheckOptions } from '../check-type.js';

/** The grpc check's options: what config validates (the implementation is ./grpc.ts, loaded when a check runs). */
export const grpcOptions = defineCheckOptions({
  type: 'grpc',
  description: 'gRPC: grpc.health.v1.Health/Check for a service, expecting SERVING (plaintext or TLS)',
  shape: () => ({
    address: z.string().regex(/^(\[[0-9a-fA-F:.]+\]|[^\s:/]+):\d{1,5}$/, 'host:port, e.g. orders.internal:50051').describe('host:port of the gRPC server'),
    service: z.string().default('').describe('the service name asked about; "" asks for the server as a whole'),
    tls: z.boolean().default(false).describe('connect with TLS (otherwise plaintext HTTP/2)'),
    ca_file: z.string().optional().describe('PEM file of certificate authorities trusted besides the system ones'),
    insecure_tls: z.boolean().optional().describe('skip TLS certificate verification'),
    servername: z.string().min(1).optional().describe('TLS name to verify (and :authority) instead of the host'),
    metadata: z.record(z.string().regex(/^[a-z0-9_.-]+$/, 'a lower-case metadata key'), z.string()).optional().describe('request metadata, e.g. authorization: "Bearer ${TOKEN}"'),
  }),
});

export type GrpcOptions = z.infer<z.ZodObject<ReturnType<typeof grpcOptions.shape>>>;
