import type { AssertionResult, CheckOutcome } from '../../core/types.js';
import { abortable, remainingMs } from '../../util/abort.js';
import { errorCode, errorMessage } from '../../util/net-errors.js';
import { defineCheck } from '../check-type.js';
import { formatMs } from '../endpoint.js';
import { dnsOptions } from '../options.js';
import type { DNS_RECORD_TYPES } from './options.js';
import { monotonicMs } from '../../util/monotonic.js';

type RecordType = (typeof DNS_RECORD_TYPES)[number];

/** c-ares and getaddrinfo codes, in words. */
const DNS_WORDS: Record<string, (name: string, type: string, server: string) => string> = {
  ENOTFOUND: (name) => `'${name}' does not resolve (no such name)`,
  ENODATA: (name, type) => `'${name}' has no ${type} records`,
  ESERVFAIL: (name) => `the DNS server failed to answer for '${name}' (SERVFAIL)`,
  EREFUSED: (name) => `the DNS server refused the query for '${name}'`,
  ECONNREFUSED: (_name, _type, server) => `connection refused by the DNS server${server}`,
  EAI_AGAIN: (name) => `DNS lookup of '${name}' failed temporarily`,
};

export const dns = defineCheck({
  ...dnsOptions,
  async run(opts, ctx): Promise<CheckOutcome> {
    const viaResolver = opts.record_type !== undefined || opts.servers !== undefined;
    const recordType: RecordType = opts.record_type ?? 'A';
    const shown = viaResolver ? recordType : 'address';
    const target = `${opts.host} (${viaResolver ? recordType : 'system lookup'})${opts.servers ? ` @${opts.servers.join(',')}` : ''}`;
    const budget = remainingMs(ctx.deadline);
    const { Resolver, lookup } = await import('node:dns/promises');
    const started = monotonicMs();
    let answers: string[];
    try {
      if (viaResolver) {
        // One try with the whole budget: c-ares would otherwise retry 4 times at 5 s each.
        const resolver = new Resolver({ timeout: budget, tries: 1 });
        if (opts.servers) resolver.setServers(opts.servers);
        answers = flatten(await abortable(ctx.signal, resolver.resolve(opts.host, recordType), () => resolver.cancel(), { phase: 'dns', where: target }));
      } else {
        // getaddrinfo cannot be cancelled; abortable() still frees the check at the deadline.
        answers = (await abortable(ctx.signal, lookup(opts.host, { all: true }), undefined, { phase: 'dns', where: target })).map((a) => a.address);
      }
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      const code = errorCode(err);
      if (code === 'ETIMEOUT') return { status: 'failed', target, errorCode: 'ETIMEDOUT', reason: `no answer from the DNS server${opts.servers ? ` at ${opts.servers.join(', ')}` : ''} within ${formatMs(budget)} for '${opts.host}'` };
      const words = code ? DNS_WORDS[code] : undefined;
      return { status: 'failed', target, errorCode: code, reason: words ? words(opts.host, shown, opts.servers ? ` at ${opts.servers.join(', ')}` : '') : `DNS lookup of '${opts.host}' failed: ${errorMessage(err)}` };
    }
    const details = { answers, lookupMs: Math.round(monotonicMs() - started) };
    if (answers.length === 0) return { status: 'failed', target, details, errorCode: 'ENODATA', reason: `'${opts.host}' has no ${shown} records` };
    if (!opts.expect_addresses) return { status: 'passed', target, details };
    const normalized = answers.map(normalize);
    const assertions: AssertionResult[] = opts.expect_addresses.map((want) => ({ name: `answer ${want}`, expected: want, actual: answers, passed: normalized.includes(normalize(want)) }));
    const missing = assertions.filter((a) => !a.passed).map((a) => String(a.expected));
    if (missing.length === 0) return { status: 'passed', target, details, assertions };
    return { status: 'failed', target, details, assertions, reason: `'${opts.host}' resolved to ${answers.join(', ')}, expected it to include ${missing.join(', ')}` };
  },
});

/** Every record type's answer as text: MX "10 mail.example.com", SRV "0 5 443 host", TXT joined. */
function flatten(result: unknown): string[] {
  const records: unknown[] = Array.isArray(result) ? result : [result];
  return records.map((r) => {
    if (typeof r === 'string') return r;
    if (Array.isArray(r)) return r.join('');
    const o = r as Record<string, unknown>;
    if ('exchange' in o) return `${o.priority} ${o.exchange}`;
    if ('port' in o && 'name' in o) return `${o.priority} ${o.weight} ${o.port} ${o.name}`;
    if ('critical' in o) return Object.entries(o).filter(([k]) => k !== 'critical').map(([k, v]) => `${k} ${String(v)}`).join(' ');
    return JSON.stringify(r);
  });
}

/** Case and a trailing dot do not matter in names; IPv6 addresses compare in their short form. */
function normalize(value: string): string {
  const lower = value.toLowerCase().replace(/\.$/, '');
  if (!lower.includes(':')) return lower;
  try {
    return new URL(`http://[${lower.replace(/^\[|\]$/g, '')}]`).hostname;
  } catch {
    return lower;
  }
}
