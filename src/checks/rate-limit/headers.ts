import { headerValue, type HttpResponse } from '../../util/http.js';

/**
 * Rate-limit headers, parsed into one shape whatever the server speaks:
 * - IETF draft-08 and later (structured fields): `RateLimit: "default";r=50;t=30` and
 *   `RateLimit-Policy: "default";q=100;w=60`;
 * - IETF draft-07 (dictionary): `RateLimit: limit=100, remaining=50, reset=30` and
 *   `RateLimit-Policy: 100;w=60`;
 * - IETF drafts 00–06: `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset`;
 * - the de-facto `X-RateLimit-Limit`, `-Remaining`, `-Reset` (GitHub, nginx modules…).
 */
export interface RateLimitInfo {
  format: 'ietf-structured' | 'ietf-dictionary' | 'ietf-separate' | 'x-ratelimit';
  /** The quota per window. */
  limit?: number;
  remaining?: number;
  /** Seconds until the quota resets (X-RateLimit-Reset given as an epoch is converted). */
  reset?: number;
  /** The policy window in seconds. */
  window?: number;
  /** The policy name of the structured form, e.g. "default". */
  policy?: string;
  /** The headers as received. */
  raw: Record<string, string>;
}

/** Splits on `sep` outside double quotes. */
function splitOutsideQuotes(text: string, sep: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === sep && !quoted) {
      out.push(current.trim());
      current = '';
    } else current += ch;
  }
  out.push(current.trim());
  return out.filter(Boolean);
}

const num = (v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v.trim().replace(/^"|"$/g, ''));
  return Number.isFinite(n) ? n : undefined;
};

interface Member {
  /** `key` of a dictionary member (`limit=100`), or undefined for a bare list item. */
  key?: string;
  value: string;
  params: Record<string, string>;
}

/** A structured-field list or dictionary, loosely: members, each with `;k=v` parameters. */
function parseMembers(text: string): Member[] {
  return splitOutsideQuotes(text, ',').map((member) => {
    const [head = '', ...rest] = splitOutsideQuotes(member, ';');
    const params = Object.fromEntries(rest.map((p) => {
      const [k = '', v = ''] = p.split('=');
      return [k.trim().toLowerCase(), v.trim()];
    }));
    const dict = /^([a-z*][a-z0-9_.*-]*)=(.*)$/i.exec(head);
    return dict ? { key: dict[1]!.toLowerCase(), value: dict[2]!.trim(), params } : { value: head.replace(/^"|"$/g, ''), params };
  });
}

function fromStructured(rateLimit: string | undefined, policy: string | undefined, raw: Record<string, string>): RateLimitInfo | undefined {
  const info: RateLimitInfo = { format: 'ietf-structured', raw };
  const members = rateLimit ? parseMembers(rateLimit) : [];
  if (members.some((m) => m.key)) {
    info.format = 'ietf-dictionary';
    for (const m of members) {
      if (m.key === 'limit') info.limit = num(m.value);
      if (m.key === 'remaining') info.remaining = num(m.value);
      if (m.key === 'reset') info.reset = num(m.value);
    }
  } else if (members[0]) {
    info.policy = members[0].value;
    info.remaining = num(members[0].params.r);
    info.reset = num(members[0].params.t);
  }
  const first = policy ? parseMembers(policy)[0] : undefined;
  if (first) {
    if (first.params.q !== undefined) {
      info.limit ??= num(first.params.q);
      info.policy ??= first.value;
    } else if (num(first.value) !== undefined) {
      info.format = 'ietf-dictionary'; // draft-07's policy: `100;w=60`
      info.limit ??= num(first.value);
    }
    info.window = num(first.params.w);
  }
  return info.limit !== undefined || info.remaining !== undefined || info.reset !== undefined ? info : undefined;
}

/** The rate-limit headers of a response, or undefined when it carries none. */
export function parseRateLimitHeaders(headers: HttpResponse['headers'], now = Date.now()): RateLimitInfo | undefined {
  const get = (name: string) => headerValue(headers, name);
  const names = ['ratelimit', 'ratelimit-policy', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'];
  const raw = Object.fromEntries(names.flatMap((n) => (get(n) === undefined ? [] : [[n, get(n)!]])));
  const structured = fromStructured(get('ratelimit'), get('ratelimit-policy'), raw);
  if (structured) return structured;
  for (const [prefix, format] of [['ratelimit-', 'ietf-separate'], ['x-ratelimit-', 'x-ratelimit']] as const) {
    const limitText = get(`${prefix}limit`);
    const limit = limitText === undefined ? undefined : num(limitText.split(/[,;]/)[0]);
    const remaining = num(get(`${prefix}remaining`));
    let reset = num(get(`${prefix}reset`));
    // X-RateLimit-Reset is often an epoch time (GitHub); a delta is never this large.
    if (reset !== undefined && reset > 1_000_000_000) reset = Math.max(0, Math.round(reset - now / 1000));
    if (limit !== undefined || remaining !== undefined || reset !== undefined) return { format, limit, remaining, reset, raw };
  }
  return undefined;
}

/** Retry-After in seconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.round((at - now) / 1000));
}

/** "limit 100, remaining 50, reset in 30 s (window 60 s)" for reasons and reports. */
export function describeRateLimit(info: RateLimitInfo): string {
  const parts: string[] = [];
  if (info.policy) parts.push(`policy "${info.policy}"`);
  if (info.limit !== undefined) parts.push(`limit ${info.limit}`);
  if (info.remaining !== undefined) parts.push(`remaining ${info.remaining}`);
  if (info.reset !== undefined) parts.push(`reset in ${info.reset} s`);
  if (info.window !== undefined) parts.push(`window ${info.window} s`);
  return `${parts.join(', ')} (${info.format})`;
}
