import { createServer } from 'node:http';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChildServer, type ChildServer } from './child-server.js';
import { listenTracked } from './listen.js';
import { closedPort } from './silent-server.js';
import { webConfigArgs } from './web-config.js';

/** Debian's Prometheus server (apt-get install prometheus). */
export const PROMETHEUS_BIN = '/usr/bin/prometheus';

/**
 * A local service's /metrics whose error rate the test sets: on every scrape each pod serves
 * 100 more requests, `errorsPerScrape[pod]` of them 500s. Counting per scrape (not per second)
 * makes `rate(errors) / rate(total)` exactly errors/100, however late the scrapes come.
 */
export interface ScrapeTarget {
  url: string;
  port: number;
  /** Errors per 100 requests, per pod; change it while Prometheus scrapes. */
  errorsPerScrape: Record<string, number>;
  /** Extra gauge lines appended to every scrape (`name{labels} value`). */
  gauges: string[];
  scrapes(): number;
  close(): Promise<void>;
}

export async function startScrapeTarget(pods: Record<string, number>): Promise<ScrapeTarget> {
  const totals = new Map<string, { ok: number; errors: number }>();
  let scrapes = 0;
  const target: Partial<ScrapeTarget> & { errorsPerScrape: Record<string, number>; gauges: string[] } = { errorsPerScrape: { ...pods }, gauges: [] };
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    scrapes++;
    const lines = ['# TYPE http_requests_total counter'];
    for (const [pod, errors] of Object.entries(target.errorsPerScrape)) {
      const t = totals.get(pod) ?? { ok: 0, errors: 0 };
      t.errors += errors;
      t.ok += 100 - errors;
      totals.set(pod, t);
      lines.push(`http_requests_total{pod="${pod}",code="200"} ${t.ok}`, `http_requests_total{pod="${pod}",code="500"} ${t.errors}`);
    }
    lines.push(...target.gauges);
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(`${lines.join('\n')}\n`);
  });
  const tracked = await listenTracked(server);
  return Object.assign(target, { url: `http://127.0.0.1:${tracked.port}`, port: tracked.port, scrapes: () => scrapes, close: tracked.close }) as ScrapeTarget;
}

export interface Prometheus {
  url: string;
  server: ChildServer;
  stop(): Promise<void>;
}

/**
 * A real Prometheus on 127.0.0.1 and a free port, with a temporary data directory, scraping
 * `targets` (host:port) every second. With `basicAuth` ({user: bcrypt hash}) it demands them.
 */
export async function startPrometheus(targets: string[], options: { basicAuth?: Record<string, string> } = {}): Promise<Prometheus> {
  await access(PROMETHEUS_BIN).catch(() => {
    throw new Error(`${PROMETHEUS_BIN} not found: apt-get install -y prometheus`);
  });
  const dir = await mkdtemp(join(tmpdir(), 'smokeguard-prometheus-'));
  const port = await closedPort();
  const config = [
    'global:',
    '  scrape_interval: 1s',
    '  evaluation_interval: 1s',
    'scrape_configs:',
    '  - job_name: app',
    '    static_configs:',
    `      - targets: [${targets.map((t) => JSON.stringify(t)).join(', ')}]`,
    '',
  ].join('\n');
  await writeFile(join(dir, 'prometheus.yml'), config);
  const args = [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ];
  args.push(...(await webConfigArgs(dir, options.basicAuth)));
  const server = await startChildServer(PROMETHEUS_BIN, args, port, { readyTimeoutMs: 20_000 });
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    async stop() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
