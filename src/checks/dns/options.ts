import { isIP } from 'node:net';
import * as z from 'zod';
import { defineCheckOptions } from '../check-type.js';

export const DNS_RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'NS', 'TXT', 'SRV', 'PTR', 'CAA'] as const;

/** What c-ares' setServers accepts: an IP, `ipv4:port` or `[ipv6]:port` (names are not allowed). */
function isServerAddress(value: string): boolean {
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(value);
  if (bracketed) return isIP(bracketed[1]!) === 6 && validPort(bracketed[2]);
  const withPort = /^([\d.]+):(\d{1,5})$/.exec(value);
  if (withPort) return isIP(withPort[1]!) === 4 && validPort(withPort[2]);
  return isIP(value) !== 0;
}

function validPort(port: string | undefined): boolean {
  return port === undefined || (Number(port) >= 1 && Number(port) <= 65535);
}

/** The dns check's options: what config validates (the implementation is ./dns.ts, loaded when a check runs). */
export const dnsOptions = defineCheckOptions({
  type: 'dns',
  description: 'DNS: a name resolves, optionally to the expected addresses',
  shape: () => ({
    // Not `name`: every check already has a `name` (its own, shown in reports).
    host: z.string().min(1).describe('the name to resolve, e.g. api.internal.example.com'),
    record_type: z.enum(DNS_RECORD_TYPES).optional().describe('ask DNS for this record type; without it, resolve as the service would (getaddrinfo, /etc/hosts included)'),
    servers: z.array(z.string().refine(isServerAddress, { message: 'expected an IP address, optionally with a port: "10.0.0.2", "10.0.0.2:5353", "[fd00::2]:53"' })).min(1).optional().describe('DNS servers to ask ("10.0.0.2" or "10.0.0.2:5353"); default: the system resolver'),
    expect_addresses: z.array(z.string().min(1)).min(1).optional().describe('values that must all be among the answers (addresses, a CNAME target…)'),
  }),
});
