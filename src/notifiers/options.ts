import * as z from 'zod';

/** An http(s) URL; `${ENV}` templates are expanded before validation by the config loader. */
export const httpUrl = z.url({ protocol: /^https?$/, error: (iss) => (iss.input === undefined ? 'required: an http(s) URL' : 'an http(s) URL') });

/** Headers added to a provider's request (e.g. a proxy's auth). Values are treated as secrets. */
export const extraHeaders = z.record(z.string().min(1), z.string()).optional();

/** Cuts `text` to `max` characters, marking the cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}
