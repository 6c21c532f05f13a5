import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { watch } from '../../src/watch/watch.js';
import { fastScheduler } from '../helpers/fast-scheduler.js';
import { startHttpTarget, type HttpTarget } from '../helpers/http-target.js';
import { closedPort } from '../helpers/silent-server.js';

/**
 * A watch publishes its progress after every interval, in the background: a dashboard that is
 * slow or down never delays or fails an interval, never has more than one progress request open,
 * and is one warning in the run's record, as the run's own publishing is.
 */
let service: HttpTarget;
beforeAll(async () => {
  service = await startHttpTarget({ '/health': { body: 'ok' } });
});
afterAll(() => service?.close());

function config(dashboardUrl: string, timeoutSeconds = 0.5) {
  return configSchema.parse({
    base_url: service.url,
    deployment: { name: 'orders' },
    health_checks: [{ name: 'readiness', endpoint: '/health' }],
    watch: { interval_seconds: 30, duration_seconds: 300 },
    dashboard: { url: dashboardUrl, timeout_seconds: timeoutSeconds, slower: { severity: 'off' } },
  });
}

const warnings = (timeline: Array<{ kind: string; message: string }>) => timeline.filter((e) => e.message.startsWith('warning: dashboard')).map((e) => e.message);

describe('watch: a dashboard that is slow or down', () => {
  it('slow: all intervals run at their pace, one progress request at a time, one warning', async () => {
    let open = 0;
    let maxOpen = 0;
    const progress: number[] = [];
    const held: Array<() => void> = [];
    // Answers the start and the report at once, holds every progress request past the run's timeout.
    const dashboard = await startHttpTarget({
      'POST /api/v1/runs': { status: 201, body: { runId: 'x' } },
      '/api/v1/runs/slow-1/events': (_req: IncomingMessage, body: string) => {
        const event = JSON.parse(body) as { kind: string; watch?: { intervals: unknown[] } };
        if (event.kind !== 'watching') return { status: 202, body: {} };
        progress.push(event.watch!.intervals.length);
        open++;
        maxOpen = Math.max(maxOpen, open);
        return new Promise((resolve) => held.push(() => { open--; resolve({ status: 202, body: {} }); }));
      },
    });
    try {
      const result = await watch(config(dashboard.url, 1), { env: {}, runId: 'slow-1', scheduler: fastScheduler() });
      expect(result.watch!.intervals).toHaveLength(10);
      expect(result.verdict).toBe('passed');
      // Had each interval waited for its publish, each would have sent its own (1, 2, … 10). The
      // first is unanswered for its whole second; what came meanwhile was replaced by the newest
      // (and the newest dropped at the end: the report carries the whole series).
      expect(progress[0]).toBe(1);
      expect(progress.length).toBeLessThan(5);
      expect(maxOpen).toBe(1);
      expect(warnings(result.timeline)).toEqual([`warning: dashboard ${dashboard.url}: publishing the watch's progress failed (no answer within 1 s); the verdict stands`]);
      expect(dashboard.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/runs')).toHaveLength(1);
    } finally {
      for (const release of held) release();
      await dashboard.close();
    }
  });

  it('down: every interval runs and passes; one warning names what could not be published', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const result = await watch(config(url), { env: {}, scheduler: fastScheduler() });
    expect(result.watch!.intervals.map((i) => i.outcome)).toEqual(Array(10).fill('passed'));
    expect(result.verdict).toBe('passed');
    const said = warnings(result.timeline);
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(new RegExp(`^warning: dashboard ${url}: publishing the start, publishing the watch's progress, publishing the report failed \\(.*ECONNREFUSED.*\\); the verdict stands$`));
  });
});
