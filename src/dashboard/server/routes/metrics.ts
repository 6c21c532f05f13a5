import { EXPOSITION_CONTENT_TYPE, formatExposition, type MetricFamily } from '../../../monitoring/exposition.js';
import { metricFamilies } from '../../../monitoring/render.js';
import type { RouteGroup } from './index.js';

/** Families of several runs merged by name: one HELP/TYPE each, the series of every run under it. */
export function mergeFamilies(groups: readonly MetricFamily[][]): MetricFamily[] {
  const byName = new Map<string, MetricFamily>();
  for (const families of groups) {
    for (const f of families) {
      const into = byName.get(f.name);
      if (into) into.samples.push(...f.samples);
      else byName.set(f.name, { ...f, samples: [...f.samples] });
    }
  }
  return [...byName.values()];
}

/**
 * /metrics: the latest finished run of every deployment, under the metric names the Pushgateway
 * and textfile sinks use, so Prometheus can scrape the dashboard instead.
 */
export const metricsRoutes: RouteGroup = (app, ctx) => {
  app.get('/metrics', async (_req, reply) => {
    const [reports, awaiting] = await Promise.all([ctx.store.latestReports(), ctx.store.awaiting()]);
    const families = mergeFamilies(reports.map((r) => metricFamilies(r)));
    families.push({ name: 'smokeguard_dashboard_awaiting_confirmation', type: 'gauge', help: 'Runs waiting for ops confirmation now (not yet answered).', samples: [{ labels: {}, value: awaiting.filter((r) => !r.answer).length }] });
    return reply.type(EXPOSITION_CONTENT_TYPE).send(formatExposition(families));
  });
};
