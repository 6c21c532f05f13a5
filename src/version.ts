import { readFileSync } from 'node:fs';

/** Set by the bundler (scripts/bundle.mjs); absent when running from tsc's output. */
declare const SMOKEGUARD_VERSION: string | undefined;

/** The package version: from the bundle, else read once from package.json (no network, no update check). */
export const version: string =
  typeof SMOKEGUARD_VERSION === 'string'
    ? SMOKEGUARD_VERSION
    : (() => {
        try {
          return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
        } catch {
          return '0.0.0';
        }
      })();
