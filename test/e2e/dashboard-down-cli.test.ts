import { createServer, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDemoService, type DemoService } from '../../src/demo/service.js';
import { runCli, writeConfig } from '../helpers/cli.js';

let service: DemoService;
let hung: Server;
const sockets = new Set<Socket>();
beforeAll(async () => {
  service = await startDemoService();
  // Accepts and never answers: a dashboard that hangs.
  hung = createServer((s) => void sockets.add(s)).listen(0, '127.0.0.1');
  await once(hung, 'listening');
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  hung.close();
  await service.close();
});

it('a hung dashboard: the run passes, says so in one warning line (not twice), within its few bounded seconds', async () => {
  const { dir } = await writeConfig({ base_url: service.url, health_checks: [{ name: 'health', endpoint: '/health' }] });
  const url = `http://127.0.0.1:${(hung.address() as { port: number }).port}`;
  const run = await runCli(['run'], { cwd: dir, env: { SMOKEGUARD_DASHBOARD_URL: url } });
  expect(run.code).toBe(0);
  const warnings = run.stdout.split('\n').filter((l) => l.includes(`warning: dashboard ${url}`));
  expect(warnings).toEqual([`warning: dashboard ${url}: reading the last good runs, publishing the start, publishing the report failed (no answer within 3 s); the verdict stands`]);
  expect(run.stderr).toBe('');
});
