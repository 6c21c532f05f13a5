import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Answer } from '../../store/types.js';
import { requireWrite, writeAllowed } from '../auth.js';
import type { DashboardContext } from '../context.js';
import { runIdParams } from '../params.js';
import type { RouteGroup } from './index.js';

const answerBody = {
  type: 'object',
  properties: { by: { type: 'string', minLength: 1, maxLength: 200 }, token: { type: 'string', maxLength: 1024 } },
} as const;

async function answer(ctx: DashboardContext, req: FastifyRequest, decision: Answer['decision']): Promise<{ status: number; message: string; where?: string }> {
  const { id } = req.params as { id: string };
  const run = await ctx.store.getRun(id);
  if (!run) return { status: 404, message: `no run ${id}` };
  if (run.state !== 'awaiting') return { status: 409, message: `run ${id} is not waiting for confirmation (${run.state})` };
  if (run.answer) return { status: 409, message: `run ${id} was already answered: ${run.answer.decision} by ${run.answer.by}` };
  const by = ((req.body as { by?: string } | undefined)?.by ?? '').trim() || 'dashboard';
  const record: Answer = { decision, by: `${by} (dashboard)`, at: new Date(ctx.now()).toISOString() };
  // Claimed in the store first (atomically): two replicas, or two people, never both answer.
  if (!(await ctx.store.recordAnswer(id, record))) return { status: 409, message: `run ${id} was answered meanwhile` };
  let where: string;
  try {
    // Then reach the run, as `smokeguard approve` would.
    where = await ctx.answer(run, record);
  } catch (err) {
    await ctx.store.withdrawAnswer(id);
    return { status: 502, message: `could not reach run ${id}: ${err instanceof Error ? err.message : String(err)}` };
  }
  return { status: 200, message: `${decision === 'approve' ? 'Approved' : 'Denied'} the rollback of run ${id} as ${record.by}`, where };
}

/**
 * Approve / Deny a run waiting for ops confirmation: from the page (a form POST that comes back
 * to the run's page) and from the API (JSON). Both need the write token.
 */
export const approvalRoutes: RouteGroup = (app, ctx) => {
  const write = requireWrite(ctx);
  for (const decision of ['approve', 'deny'] as const) {
    app.post(`/api/v1/runs/:id/${decision}`, { preHandler: write, schema: { params: runIdParams, body: answerBody } }, async (req, reply) => {
      const out = await answer(ctx, req, decision);
      return reply.code(out.status).send(out.status === 200 ? { message: out.message, recordedIn: out.where } : { error: out.message });
    });
    app.post(`/runs/:id/${decision}`, { schema: { params: runIdParams, body: answerBody } }, async (req, reply: FastifyReply) => {
      const { id } = req.params as { id: string };
      const out = writeAllowed(ctx, req) ? await answer(ctx, req, decision) : { status: 401, message: 'a valid write token is required to answer' };
      return reply.redirect(`/runs/${encodeURIComponent(id)}?${new URLSearchParams({ [out.status === 200 ? 'done' : 'error']: out.message })}`, 303);
    });
  }
};
