import * as z from 'zod';
import { Dedupe } from './dedupe.js';
import { internalError, verdictBody, type HookAnswer, type SmokeRunner } from './types.js';

/**
 * Flagger webhooks (pre-rollout, rollout, confirm-promotion…). Flagger POSTs
 * `{"name","namespace","phase","checksum","metadata"}` (pkg/controller/webhook.go,
 * CanaryWebhookPayload) and reads only the status code: above 202 is a failed check, and
 * 200–202 all pass — so a failed smoke run must never answer 202, and a run still going must not
 * answer at all until it has a verdict. A passed or warning run answers 200; a critical one 412
 * with the verdict in the body (Flagger logs the body as the failure reason).
 *
 * Flagger waits 10 s unless the webhook sets `timeout`: set it above the config's
 * timeout_seconds. A retry (next interval, or after Flagger's timeout cut the call) with the same
 * canary checksum and phase shares the run in flight or its answer while fresh, so a slow run is
 * never started twice for one revision.
 */

/** What Flagger sends. `checksum` is absent from Flagger versions before it was added. */
export const flaggerPayloadSchema = z.object({
  name: z.string().min(1),
  namespace: z.string().min(1),
  phase: z.string().min(1),
  checksum: z.string().optional(),
  metadata: z.record(z.string(), z.string()).optional(),
});
export type FlaggerPayload = z.infer<typeof flaggerPayloadSchema>;

/** The status of a failed smoke run: above 202 (a failure for Flagger), and not a server error. */
export const FLAGGER_FAILED_STATUS = 412;
/** How long a finished run's answer is reused for the same canary checksum and phase. */
export const DEFAULT_FLAGGER_DEDUPE_MS = 60_000;

export interface FlaggerHandlerOptions {
  run: SmokeRunner;
  dedupeMs?: number;
  now?: () => number;
}

export function createFlaggerHandler(options: FlaggerHandlerOptions): (body: unknown) => Promise<HookAnswer> {
  const dedupe = new Dedupe<HookAnswer>(options.dedupeMs ?? DEFAULT_FLAGGER_DEDUPE_MS, options.now);
  return async (body) => {
    const parsed = flaggerPayloadSchema.safeParse(body);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`);
      return { status: 400, body: { error: `not a Flagger webhook payload: ${problems.join('; ')}` } };
    }
    const p = parsed.data;
    // Event webhooks carry eventMessage and expect nothing back: never run tests for them.
    if (p.metadata?.eventMessage !== undefined) return { status: 200, body: { ignored: 'event webhook' } };
    try {
      const work = () => answer(options.run, p);
      if (!p.checksum) return await work();
      const { value, shared } = await dedupe.get(`${p.namespace}/${p.name}/${p.checksum}/${p.phase}`, work);
      return shared ? { ...value, body: { ...value.body, shared: true } } : value;
    } catch (err) {
      return internalError(err);
    }
  };
}

/** Runs the tests; throws when the run could not even start (it is then not remembered). */
async function answer(run: SmokeRunner, p: FlaggerPayload): Promise<HookAnswer> {
  const result = await run({
    deployment: p.name,
    namespace: p.namespace,
    ...(p.metadata?.base_url ? { baseUrl: p.metadata.base_url } : {}),
    ...(p.metadata?.environment ? { environment: p.metadata.environment } : {}),
  });
  const body = { canary: `${p.namespace}/${p.name}`, phase: p.phase, ...(p.checksum ? { checksum: p.checksum } : {}), ...verdictBody(result) };
  return { status: result.verdict === 'critical' ? FLAGGER_FAILED_STATUS : 200, body };
}
