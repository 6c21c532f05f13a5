import { createRequire } from 'node:module';

type Pg = typeof import('pg');

let loaded: Pg | undefined;

/**
 * The `pg` driver, loaded without its Cloudflare Workers probe. At load, pg asks whether it runs in
 * Workers: `navigator.userAgent` answers that on Node 21+, but Node 20 has no `navigator`, so pg
 * constructs a fetch `Response` instead — which makes Node load its whole internal fetch
 * implementation (undici) for nothing. Measured on Node 20.20: pg loads in 22 ms instead of 38 ms,
 * a healthy seed run's CPU and memory drop with it. The `navigator` Node 21+ would have is given
 * for the one synchronous require only, so no other code can see it.
 */
export function loadPg(): Pg {
  if (loaded) return loaded;
  const g = globalThis as { navigator?: unknown };
  const shim = g.navigator === undefined;
  if (shim) g.navigator = { userAgent: `Node.js/${process.versions.node.split('.')[0]}` };
  try {
    // pg is CommonJS: require() evaluates it now, inside this try, where import() would not.
    loaded = createRequire(import.meta.url)('pg') as Pg;
  } finally {
    if (shim) delete g.navigator;
  }
  return loaded;
}
