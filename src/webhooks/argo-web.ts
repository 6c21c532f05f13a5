import * as z from 'zod';
import { internalError, verdictBody, type HookAnswer, type SmokeRunner } from './types.js';

/**
 * The Argo Rollouts web metric provider's endpoint (deploy/kubernetes/overlays/argo-rollouts).
 * A finished run always answers 200 with the verdict in JSON, judged by the template's
 * `successCondition` on `{$.verdict}`: the web provider counts any non-2xx answer as an Error
 * (a failed measurement, retried and at worst Inconclusive), never as a Failure — answering a
 * failed smoke run with 4xx/5xx would let the rollout continue. Non-2xx is kept for what really is
 * an error: a malformed request (400) or a run that could not start (500).
 */
export const analysisRequestSchema = z.object({
  deployment: z.string().min(1),
  namespace: z.string().min(1).default('default'),
  base_url: z.string().url().optional(),
  environment: z.string().min(1).optional(),
});

export function createArgoWebHandler(options: { run: SmokeRunner }): (body: unknown) => Promise<HookAnswer> {
  return async (body) => {
    const parsed = analysisRequestSchema.safeParse(body ?? {});
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`);
      return { status: 400, body: { error: `expected {"deployment", "namespace", "base_url"}: ${problems.join('; ')}` } };
    }
    const r = parsed.data;
    try {
      const result = await options.run({
        deployment: r.deployment,
        namespace: r.namespace,
        ...(r.base_url ? { baseUrl: r.base_url } : {}),
        ...(r.environment ? { environment: r.environment } : {}),
      });
      return { status: 200, body: verdictBody(result) };
    } catch (err) {
      return internalError(err);
    }
  };
}
