import * as z from 'zod';
import { once } from '../util/once.js';

// Built on first use (as every options schema is): a config without channels or tickets never builds them.

/** An http(s) URL; `${ENV}` templates are expanded before validation by the config loader. */
export const httpUrl = once(() => z.url({ protocol: /^https?$/, error: (iss) => (iss.input === undefined ? 'required: an http(s) URL' : 'an http(s) URL') }));

/** Headers added to a provider's request (e.g. a proxy's auth). Values are treated as secrets. */
export const extraHeaders = once(() => z.record(z.string().min(1), z.string()).optional());

/** Cuts `text` to `max` characters, marking the cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}
