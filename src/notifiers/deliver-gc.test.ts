import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect, it } from 'vitest';
import { deliver } from './deliver.js';

/**
 * Regression: on Node 20 a per-attempt timeout built as AbortSignal.any([AbortSignal.timeout(ms), …])
 * could be garbage-collected before firing, and a notifier that never answers then held the run
 * forever. Garbage is collected on purpose while the attempt hangs; the timeout must still cut it.
 */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

it('cuts a hanging attempt at its timeout even when garbage is collected meanwhile', async () => {
  const collecting = setInterval(() => gc(), 20);
  try {
    const started = Date.now();
    const outcome = await deliver(() => new Promise<never>(() => {}), { timeoutMs: 300, retries: 0, deadline: Date.now() + 10_000 });
    expect(outcome).toMatchObject({ ok: false, attempts: 1 });
    expect(outcome.error).toContain('no answer within 300 ms');
    expect(Date.now() - started).toBeLessThan(2_000);
  } finally {
    clearInterval(collecting);
  }
});
