import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoService, type DemoService } from '../../src/demo/service.js';
import { launchChromium, screenshotDir } from '../helpers/browser.js';
import { PG_URL, REDIS_URL, runCli } from '../helpers/cli.js';
import { tempStore, type TempStore } from '../helpers/dashboard-stores.js';
import { startK8sSimulator, type RunningSimulator } from '../helpers/k8s-simulator/index.js';
import { readReportJson } from '../helpers/report-json.js';
import { startServe, type ServeProcess } from '../helpers/serve-process.js';
import { BAD, GOOD, liveImage, seedDjango } from '../rollback/harness.js';

/**
 * The seed's story, with ops at the dashboard: the seed config finds one critical failure and
 * waits for ops confirmation (it holds the rollback Lease in the simulated cluster); the run has
 * published that it waits; on /deployments/django, ops press Approve; the CLI run continues,
 * rolls back through the Kubernetes API simulator, and its report says who approved.
 */
const SEED_DIR = resolve(import.meta.dirname, '../fixtures/seed');
const TOKEN = 'e2e-dashboard-token';

describe('approve from the dashboard page', () => {
  let service: DemoService;
  let k8s: RunningSimulator;
  let temp: TempStore;
  let serve: ServeProcess;
  let browser: Browser;
  let heal: NodeJS.Timeout;

  beforeAll(async () => {
    service = await startDemoService({ faults: { readiness: 'database-down' } });
    k8s = await startK8sSimulator({ tickMs: 30 });
    seedDjango(k8s);
    // The demo service stands for the pods: once the previous image is live again, it is healthy.
    heal = setInterval(() => {
      if (liveImage(k8s) === GOOD) service.faults.readiness = 'ok';
    }, 20);
    temp = await tempStore('sqlite');
    serve = await startServe(['--store', temp.url, '--kubeconfig', k8s.kubeconfig], { SMOKEGUARD_DASHBOARD_TOKEN: TOKEN });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    clearInterval(heal);
    await browser?.close();
    expect(await serve?.stop()).toBe(0);
    await temp?.drop();
    await k8s?.stop();
    await service?.close();
  });

  it('the waiting run shows up live, Approve answers it through its Lease, the CLI run rolls back', async () => {
    const state = await mkdtemp(join(tmpdir(), 'smokeguard-dash-e2e-'));
    const runId = 'dash-approve-e2e-1';
    const waiting = runCli(['run', '--deployment', 'django', '--namespace', 'prod', '--kubeconfig', k8s.kubeconfig, '--state-dir', state, '--report-dir', state, '--revision', 'v1.22.0-context-api'], {
      cwd: SEED_DIR,
      env: { SMOKEGUARD_BASE_URL: service.url, DATABASE_URL: PG_URL, REDIS_URL, SMOKEGUARD_RUN_ID: runId, SMOKEGUARD_DASHBOARD_URL: serve.url, SMOKEGUARD_DASHBOARD_TOKEN: TOKEN },
      timeoutMs: 90_000,
    });

    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, deviceScaleFactor: 2 });
    try {
      const page = await context.newPage();
      // Ops open the seed's page before the run starts waiting; it appears there by itself.
      for (let i = 0; i < 100; i++) {
        if ((await page.goto(`${serve.url}/deployments/django`))?.status() === 200) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      const panel = page.locator(`#awaiting-${runId}`);
      await panel.waitFor({ timeout: 30_000 });
      expect(await panel.textContent()).toContain(`${BAD}`);
      expect(await panel.textContent()).toContain(`${GOOD}`);
      expect(await panel.textContent()).toContain('readiness');
      await page.screenshot({ path: join(screenshotDir('dashboard'), 'approve-e2e-phone.png'), fullPage: true });

      await panel.getByLabel('your name').fill('alice');
      await panel.getByLabel('write token').fill(TOKEN);
      await panel.getByRole('button', { name: 'Approve rollback' }).click();
      await page.waitForURL(new RegExp(`/runs/${runId}\\?`), { timeout: 60_000 });
      expect(page.url()).toContain('done=');
      expect(await page.getByRole('status').textContent()).toBe(`Approved the rollback of run ${runId} as alice (dashboard)`);

      const run = await waiting;
      expect(run.code, run.stdout + run.stderr).toBe(1);
      expect(run.stdout).toContain('Rollback confirmed by alice (dashboard)');
      const report = await readReportJson(join(state, 'report.json'));
      expect(report.rollback).toMatchObject({ status: 'succeeded', confirmation: { approved: true, by: 'alice (dashboard)', method: 'approve_command' } });
      expect(liveImage(k8s)).toBe(GOOD);
      expect(run.stdout + run.stderr).not.toContain('warning: dashboard');

      // The finished run replaced the waiting one on the dashboard, with who confirmed.
      const stored = await (await fetch(`${serve.url}/api/v1/runs/${runId}`)).json();
      expect(stored).toMatchObject({ state: 'finished', verdict: 'critical', rollbackStatus: 'succeeded', confirmedBy: 'alice (dashboard)', answer: { decision: 'approve', by: 'alice (dashboard)' } });
      await page.goto(`${serve.url}/runs/${runId}`);
      expect(await page.locator('#verdict h1').textContent()).toContain('CRITICAL');
      await page.screenshot({ path: join(screenshotDir('dashboard'), 'approve-e2e-report-phone.png'), fullPage: true });
    } finally {
      await context.close();
    }
  }, 120_000);
});
