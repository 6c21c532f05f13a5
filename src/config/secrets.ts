import { isSecretKey, MIN_SECRET_LENGTH, Redactor } from '../util/redact.js';
import { formatPath, type ConfigProblem } from './config-error.js';

interface SecretSource {
  /** The field it was found at (or used in). */
  path: string;
  /** The environment variable or `variables` entry it came from, when it came through `${…}`. */
  variable?: string;
  /** Registered only because the variable's name looks secret (`…_TOKEN`), not because of where it is used. */
  byNameOnly?: boolean;
}

/** A value that a name like SESSION_TIMEOUT or AUTH_ENABLED gives, which is no secret: a number or a switch. */
const PLAIN_SETTING = /^(\d+(\.\d+)?|true|false|yes|no|on|off)$/i;
// The scheme is bounded (real ones are short): unbounded, every letter of a long string started a scan to its end (quadratic).
const URL_PASSWORD = /[a-z][a-z0-9+.-]{0,31}:\/\/[^\s:/@]*:([^\s/@]+)@/gi;

/**
 * The secrets of a config, gathered at load time: environment values used in secret places or
 * named like secrets, values under secret-named keys, URL passwords, notification channels'
 * URLs and keys. They are redacted everywhere, config errors included; one too short to be
 * hidden without masking ordinary text is refused with the place it came from.
 */
export class ConfigSecrets {
  private readonly found = new Map<string, SecretSource>();

  add(value: string, source: SecretSource): void {
    if (!value || (source.byNameOnly && PLAIN_SETTING.test(value))) return;
    if (!this.found.has(value)) this.found.set(value, source);
  }

  /** Values written in the config itself (not via `${VAR}`) under secret keys, and URL passwords. */
  collect(node: unknown, path: PropertyKey[] = []): void {
    const key = path[path.length - 1];
    if (typeof node === 'string') {
      if (typeof key === 'string' && isSecretKey(key)) this.add(node, { path: formatPath(path) });
      for (const m of node.matchAll(URL_PASSWORD)) this.add(safeDecode(m[1]!), { path: formatPath(path) });
      return;
    }
    if (Array.isArray(node)) node.forEach((item, i) => this.collect(item, [...path, i]));
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        // A list under a secret key (Set-Cookie lines) is secret item by item.
        if (Array.isArray(v) && isSecretKey(k)) for (const item of v) if (typeof item === 'string') this.add(item, { path: formatPath([...path, k]) });
        this.collect(v, [...path, k]);
      }
    }
  }

  /** One problem per secret too short to redact. */
  tooShort(): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    for (const [value, source] of this.found) {
      if (value.length >= MIN_SECRET_LENGTH) continue;
      const from = source.variable ? ` from \${${source.variable}}` : '';
      problems.push({
        path: source.path,
        message: `this secret${from} has only ${value.length} character${value.length === 1 ? '' : 's'}: too short to hide in the output without masking ordinary text; use one of at least ${MIN_SECRET_LENGTH}`,
      });
    }
    return problems;
  }

  values(): string[] {
    return [...this.found.keys()];
  }

  /** A redactor that knows them all, for quoting values in config errors. */
  redactor(): Redactor {
    const r = new Redactor();
    for (const value of this.found.keys()) r.addSecret(value);
    return r;
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
