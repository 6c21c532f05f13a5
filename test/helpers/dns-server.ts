import { createSocket, type Socket } from 'node:dgram';
import { isIPv4 } from 'node:net';

/**
 * A small authoritative DNS server on 127.0.0.1 (UDP) for DNS check tests, so they never
 * depend on a public resolver. Answers A, AAAA and CNAME from a table; NXDOMAIN for unknown
 * names; an empty answer (NODATA) for a known name without that record type. `silent: true`
 * makes it read queries and never answer.
 */
export type DnsRecords = Record<string, { A?: string[]; AAAA?: string[]; CNAME?: string }>;

const TYPES = { A: 1, CNAME: 5, AAAA: 28 } as const;

export async function startDnsServer(records: DnsRecords, options: { silent?: boolean } = {}): Promise<{ port: number; server: string; queries(): number; close(): Promise<void> }> {
  const socket: Socket = createSocket('udp4');
  let queries = 0;
  socket.on('message', (msg, rinfo) => {
    queries++;
    if (options.silent) return;
    const reply = answer(msg, records);
    if (reply) socket.send(reply, rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const port = socket.address().port;
  return { port, server: `127.0.0.1:${port}`, queries: () => queries, close: () => new Promise<void>((resolve) => socket.close(() => resolve())) };
}

function answer(query: Buffer, records: DnsRecords): Buffer | undefined {
  if (query.length < 12) return undefined;
  let offset = 12;
  const labels: string[] = [];
  while (offset < query.length && query[offset] !== 0) {
    const length = query[offset]!;
    labels.push(query.subarray(offset + 1, offset + 1 + length).toString('ascii'));
    offset += length + 1;
  }
  const questionEnd = offset + 5; // zero byte, QTYPE, QCLASS
  const qtype = query.readUInt16BE(offset + 1);
  const name = labels.join('.').toLowerCase();
  const entry = records[name];
  const answers: Buffer[] = [];
  // An alias answers with its CNAME alone, whatever was asked (the test names no chain targets).
  if (entry?.CNAME) answers.push(rr(TYPES.CNAME, encodeName(entry.CNAME)));
  if (entry && qtype === TYPES.A) for (const ip of entry.A ?? []) answers.push(rr(TYPES.A, Buffer.from(ip.split('.').map(Number))));
  if (entry && qtype === TYPES.AAAA) for (const ip of entry.AAAA ?? []) answers.push(rr(TYPES.AAAA, ipv6Bytes(ip)));
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2); // id
  header.writeUInt16BE(0x8400 | (query.readUInt16BE(2) & 0x0100) | (entry ? 0 : 3), 2); // QR, AA, RD copied, RCODE
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answers.length, 6);
  return Buffer.concat([header, query.subarray(12, questionEnd), ...answers]);
}

/** One resource record whose name points back at the question (offset 12). */
function rr(type: number, data: Buffer): Buffer {
  const head = Buffer.alloc(12);
  head.writeUInt16BE(0xc00c, 0);
  head.writeUInt16BE(type, 2);
  head.writeUInt16BE(1, 4); // IN
  head.writeUInt32BE(60, 6);
  head.writeUInt16BE(data.length, 10);
  return Buffer.concat([head, data]);
}

function encodeName(name: string): Buffer {
  return Buffer.concat([...name.split('.').filter(Boolean).map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, 'ascii')])), Buffer.from([0])]);
}

function ipv6Bytes(ip: string): Buffer {
  if (isIPv4(ip)) throw new Error(`not an IPv6 address: ${ip}`);
  const [head, tail] = ip.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g || '0', 16), i * 2));
  return out;
}
