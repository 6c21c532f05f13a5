import type { RunResult, WatchProgress } from '../../../core/types.js';
import { RUN_ID } from '../../../rollback/approval-store.js';
import type { AwaitingInfo, RunStart } from '../../store/types.js';
import { requireWrite } from '../auth.js';
import { validateReport } from '../../../core/report-schema.js';
import { eventBodySchema } from '../ingest-schema.js';
import { runIdParams } from '../params.js';
import type { RouteGroup } from './index.js';

interface EventBody {
  kind: 'started' | 'awaiting_confirmation' | 'watching';
  run: Omit<RunStart, 'startedAt' | 'deployedAt'> & { startedAt: string; deployedAt?: string };
  awaiting?: AwaitingInfo;
  watch?: WatchProgress;
}

function parseTime(iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * Publishing: POST /api/v1/runs takes a finished run's report.json (idempotent by run id);
 * POST /api/v1/runs/:id/events takes "started", "awaiting_confirmation" and "watching" (a watch's
 * progress after each interval). Both need the write token.
 */
export const ingestRoutes: RouteGroup = (app, ctx) => {
  const write = requireWrite(ctx);

  app.post('/api/v1/runs', { preHandler: write }, async (req, reply) => {
    // The report's own schema (the one report.json is written with), every problem at once.
    const problems = validateReport(req.body);
    const report = req.body as RunResult;
    if (!problems.length && !RUN_ID.test(report.runId)) problems.push('runId: expected letters, digits, ".", "_" or "-" (at most 128)');
    if (!problems.length && (!Number.isFinite(Date.parse(report.startedAt)) || !Number.isFinite(Date.parse(report.finishedAt)))) problems.push('startedAt, finishedAt: expected ISO 8601 times');
    if (problems.length) return reply.code(400).send({ error: `not a smokeguard report: ${problems.slice(0, 20).join('; ')}`, problems });
    const stored = await ctx.store.recordFinished(report, ctx.now());
    return reply.code(stored === 'replaced' ? 200 : 201).send({ runId: report.runId, url: `/runs/${encodeURIComponent(report.runId)}` });
  });

  app.post('/api/v1/runs/:id/events', { preHandler: write, schema: { params: runIdParams, body: eventBodySchema } }, async (req, reply) => {
    const { id } = req.params as { id: string };
    const body = req.body as EventBody;
    const startedAt = parseTime(body.run.startedAt);
    if (body.run.runId !== id || startedAt === undefined) return reply.code(400).send({ error: 'invalid request: run.runId must match the URL and startedAt be an ISO 8601 time' });
    const start: RunStart = { ...body.run, startedAt, deployedAt: parseTime(body.run.deployedAt) };
    if (body.kind === 'started') await ctx.store.recordStart(start, ctx.now());
    else if (body.kind === 'watching') await ctx.store.recordWatch(start, body.watch!, ctx.now());
    else await ctx.store.recordAwaiting(start, body.awaiting ?? {}, ctx.now());
    return reply.code(202).send({ runId: id, url: `/runs/${encodeURIComponent(id)}` });
  });
};
