/**
 * The two messages of grpc.health.v1 encoded by hand (protobuf wire format), so the check needs
 * no .proto file at run time: tsc copies only .ts files into dist/, and the messages are tiny.
 *
 *   message HealthCheckRequest  { string service = 1; }
 *   message HealthCheckResponse { ServingStatus status = 1; }   // enum, varint
 */

export const HEALTH_CHECK_METHOD = '/grpc.health.v1.Health/Check';

/** grpc.health.v1.HealthCheckResponse.ServingStatus. */
export const SERVING_STATUS = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'] as const;

function varint(n: number): number[] {
  const out: number[] = [];
  let v = n;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

export function encodeHealthCheckRequest(service: string): Buffer {
  if (!service) return Buffer.alloc(0); // proto3: the default value is not written
  const bytes = Buffer.from(service, 'utf8');
  return Buffer.concat([Buffer.from([0x0a, ...varint(bytes.length)]), bytes]);
}

/** Reads a varint at `pos`; returns the value and the next position. */
function readVarint(buf: Buffer, pos: number): [number, number] {
  let value = 0;
  let factor = 1;
  for (let i = pos; i < buf.length && i < pos + 10; i++) {
    const byte = buf[i]!;
    value += (byte & 0x7f) * factor;
    if (!(byte & 0x80)) return [value, i + 1];
    factor *= 128;
  }
  throw new Error('malformed HealthCheckResponse: truncated varint');
}

/** The serving status name; unknown fields are skipped, as protobuf requires. */
export function decodeHealthCheckResponse(buf: Buffer): { status: string; code: number } {
  let code = 0;
  let pos = 0;
  while (pos < buf.length) {
    const [key, next] = readVarint(buf, pos);
    pos = next;
    const field = Math.floor(key / 8);
    const wire = key & 7;
    if (wire === 0) {
      const [value, after] = readVarint(buf, pos);
      pos = after;
      if (field === 1) code = value;
    } else if (wire === 2) {
      const [len, after] = readVarint(buf, pos);
      pos = after + len;
    } else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else throw new Error(`malformed HealthCheckResponse: wire type ${wire}`);
  }
  if (pos > buf.length) throw new Error('malformed HealthCheckResponse: truncated field');
  return { status: SERVING_STATUS[code] ?? `UNKNOWN(${code})`, code };
}
