import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/core/types.js';
import { readApproval } from '../../src/rollback/approval-store.js';
import { startDashboard, type RunningDashboard } from '../../src/dashboard/serve/start.js';
import { launchChromium, screenshotDir, VIEWPORTS } from '../helpers/browser.js';
import { tempStore, type TempStore } from '../helpers/dashboard-stores.js';
import { criticalRun, passedRun } from '../helpers/report-fixtures.js';
import { watchProgress } from '../helpers/watch-progress.js';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';

const TOKEN = 'browser-write-token';
const XSS_NAME = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
const XSS_REASON = '<b onmouseover="window.__xss=3">bold</b><svg onload="window.__xss=4">';
const shots = screenshotDir('dashboard');

/** A run of `deployment` `minutesAgo` minutes ago, its readiness check taking `readinessMs`. */
function runAt(id: string, deployment: string, environment: string, minutesAgo: number, base: () => RunResult, readinessMs: number, extra: Partial<RunResult> = {}): RunResult {
  const r = base();
  const shift = Date.now() - minutesAgo * 60_000 - Date.parse(r.startedAt);
  const move = (iso: string) => new Date(Date.parse(iso) + shift).toISOString();
  return {
    ...r,
    runId: id,
    target: { ...r.target, deployment, environment, namespace: 'prod', version: `v1.${id}` },
    startedAt: move(r.startedAt),
    finishedAt: move(r.finishedAt),
    checks: r.checks.map((c) => ({
      ...c,
      startedAt: c.startedAt && move(c.startedAt),
      finishedAt: c.finishedAt && move(c.finishedAt),
      durationMs: c.name === 'readiness' ? readinessMs : c.durationMs,
      ...(c.name === 'liveness' ? { type: 'tls', details: { validTo: new Date(Date.now() + 9.5 * 86_400_000).toISOString(), daysLeft: 9 } } : {}),
      ...(c.name === 'core-api' && minutesAgo % 3 === 0 ? { attempts: 2 } : {}),
    })),
    timeline: r.timeline.map((e) => ({ ...e, at: move(e.at) })),
    ...extra,
  };
}

async function publish(d: RunningDashboard, report: RunResult): Promise<void> {
  const res = await fetch(`${d.url}/api/v1/runs`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: JSON.stringify(report) });
  if (res.status >= 300) throw new Error(`publish ${report.runId}: ${res.status} ${await res.text()}`);
}

async function xssFired(page: Page): Promise<unknown> {
  return page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss);
}

describe('the dashboard in Chromium', () => {
  let temp: TempStore;
  let dash: RunningDashboard;
  let browser: Browser;
  let stateDir: string;

  beforeAll(async () => {
    temp = await tempStore('sqlite');
    stateDir = await mkdtemp(join(tmpdir(), 'smokeguard-state-'));
    dash = await startDashboard({ store: temp.url, port: 0, host: '127.0.0.1', retainDays: 90, writeToken: TOKEN, stateDir, env: {} });
    for (let i = 12; i >= 2; i--) await publish(dash, runAt(`django-${i}`, 'django', 'prod', i * 10, passedRun, 10 + (i % 3)));
    const rollback = { status: 'succeeded' as const, message: 'rolled back to django:v1.21.8-stable', startedAt: new Date().toISOString(), finishedAt: new Date().toISOString(), durationMs: 4000, alertOps: false, confirmation: { required: true, method: 'approve_command' as const, approved: true, by: 'alice' } };
    await publish(dash, runAt('django-bad', 'django', 'prod', 15, criticalRun, 2400, { rollback }));
    const hostile = runAt('django-1', 'django', 'prod', 5, passedRun, 63);
    hostile.checks = hostile.checks.map((c) => (c.name === 'redis-cache' ? { ...c, name: XSS_NAME, status: 'failed', severity: 'warning', reason: XSS_REASON } : c));
    hostile.verdict = 'warning';
    await publish(dash, hostile);
    await publish(dash, runAt('api-1', 'orders-api', 'staging', 30, passedRun, 8));
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await dash?.close();
    await temp?.drop();
  });

  it.each(VIEWPORTS)('overview → deployment → run on a $name: readable, nothing from outside, no script of the run runs', async ({ name, viewport, isMobile, deviceScaleFactor }) => {
    const context = await browser.newContext({ viewport, isMobile, deviceScaleFactor });
    const page = await context.newPage();
    const outside: string[] = [];
    const dialogs: string[] = [];
    page.on('request', (r) => { if (!r.url().startsWith(dash.url)) outside.push(r.url()); });
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    try {
      await page.goto(`${dash.url}/`);
      expect(await page.locator('h2').allTextContents()).toEqual(['prod', 'staging']);
      const card = page.locator('article.deployment[data-deployment="django"]');
      expect(await card.locator('.v').textContent()).toBe('warning');
      expect(await card.textContent()).toContain('1 rollback in 24 h');
      await page.screenshot({ path: join(shots, `overview-${name}.png`), fullPage: true });

      await card.getByRole('link', { name: 'django' }).click();
      await page.waitForURL(`${dash.url}/deployments/django`);
      expect(await page.locator('h1').textContent()).toContain('django');
      expect(await page.locator('table').last().locator('tbody tr').count()).toBe(13);
      // The hostile name is shown as text, in the history and the trends.
      expect(await page.getByText(XSS_NAME).first().isVisible()).toBe(true);
      expect(await page.getByText('9 days left').isVisible()).toBe(true);
      expect(await page.locator('h2', { hasText: 'Flaky checks' }).isVisible()).toBe(true);
      expect(await page.locator('svg.trend').count()).toBeGreaterThan(3);
      await page.screenshot({ path: join(shots, `deployment-${name}.png`), fullPage: true });

      await page.locator('table').last().locator('tbody tr').first().locator('a').first().click();
      await page.waitForURL(`${dash.url}/runs/django-1`);
      expect(await page.locator('#verdict h1').textContent()).toContain('WARNING');
      expect(await page.locator('.reason', { hasText: XSS_REASON }).isVisible()).toBe(true);
      await page.screenshot({ path: join(shots, `run-${name}.png`), fullPage: true });

      expect(await xssFired(page)).toBeUndefined();
      expect(dialogs).toEqual([]);
      expect(outside).toEqual([]);
      // Nothing wider than the screen on a phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    } finally {
      await context.close();
    }
  });

  it('a run that starts waiting appears live; Approve on the page answers it as `smokeguard approve` would', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    try {
      await page.goto(`${dash.url}/deployments/django`);
      expect(await page.locator('section.awaiting').count()).toBe(0);
      const run = { runId: 'django-wait', deployment: 'django', environment: 'prod', startedAt: new Date().toISOString() };
      const awaiting = { failedChecks: ['readiness'], currentImage: 'django:v1.22.0-context-api', targetImage: 'django:v1.21.8-stable', deadline: new Date(Date.now() + 120_000).toISOString(), approveCommand: 'smokeguard approve django-wait', denyCommand: 'smokeguard deny django-wait' };
      const res = await fetch(`${dash.url}/api/v1/runs/django-wait/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: JSON.stringify({ kind: 'awaiting_confirmation', run, awaiting }) });
      expect(res.status).toBe(202);
      // live.js polls every 2 s and reloads when a run starts waiting: no reload by the test.
      const panel = page.locator('#awaiting-django-wait');
      await panel.waitFor({ timeout: 10_000 });
      expect(await panel.textContent()).toContain('django:v1.21.8-stable');
      await page.screenshot({ path: join(shots, 'awaiting-desktop.png'), fullPage: true });

      await panel.getByLabel('your name').fill('alice');
      await panel.getByLabel('write token').fill(TOKEN);
      await panel.getByRole('button', { name: 'Approve rollback' }).click();
      await page.waitForURL(/\/runs\/django-wait\?done=/);
      expect(await page.getByRole('status').textContent()).toBe('Approved the rollback of run django-wait as alice (dashboard)');
      expect(await readApproval(stateDir, 'django-wait')).toMatchObject({ decision: 'approve', by: 'alice (dashboard)' });
      expect(await page.locator('#awaiting-django-wait').textContent()).toContain('Approved by alice (dashboard)');
      await page.screenshot({ path: join(shots, 'approved-desktop.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('a watch in progress appears and moves on live, interval by interval; its problems are text', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, deviceScaleFactor: 2 });
    const page = await context.newPage();
    const run = { runId: 'django-watch', deployment: 'django', environment: 'prod', revision: 'v1.23.0', startedAt: new Date().toISOString() };
    const progress = async (outcomes: Parameters<typeof watchProgress>[0]) => {
      const watch = watchProgress(outcomes);
      for (const i of watch.intervals) if (i.problems) i.problems = [{ name: XSS_NAME, status: 'failed', reason: XSS_REASON }];
      const res = await fetch(`${dash.url}/api/v1/runs/django-watch/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: JSON.stringify({ kind: 'watching', run, watch }) });
      expect(res.status).toBe(202);
    };
    try {
      await page.goto(`${dash.url}/deployments/django`);
      expect(await page.locator('section.watching').count()).toBe(0);
      await progress(['passed']);
      // live.js polls every 2 s and reloads when the watch moves on: no reload by the test.
      const panel = page.locator('#watch-django-watch');
      await panel.waitFor({ timeout: 10_000 });
      expect(await panel.locator('h2').textContent()).toBe('watching 1/30');
      await progress(['passed', 'passed', 'failed']);
      await page.locator('#watch-django-watch h2', { hasText: 'watching 3/30 · 1 failed interval' }).waitFor({ timeout: 10_000 });
      expect(await page.locator('#watch-django-watch li.iv .mark').allTextContents()).toEqual(['✓', '✓', '✗', ...Array(27).fill('·')]);
      expect(await page.locator('#watch-django-watch').getByText(XSS_REASON).isVisible()).toBe(true);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
      await page.screenshot({ path: join(shots, 'watching-phone.png'), fullPage: true });

      await page.locator('#watch-django-watch').getByRole('link', { name: 'django-watch' }).click();
      await page.waitForURL(`${dash.url}/runs/django-watch`);
      await progress(['passed', 'passed', 'failed', 'passed']);
      await page.locator('#watch-django-watch h2', { hasText: 'watching 4/30 · 1 failed interval' }).waitFor({ timeout: 10_000 });
      await page.screenshot({ path: join(shots, 'watching-run-phone.png'), fullPage: true });

      // The report arrives: the page turns into it by itself, the window's strip kept above it.
      const { status: _running, ...series } = watchProgress(['passed', 'passed', 'failed', 'passed'], 4);
      await publish(dash, { ...runAt('django-watch', 'django', 'prod', 0, passedRun, 12), verdict: 'warning', watch: { ...series, status: 'passed' } });
      await page.locator('#verdict').waitFor({ timeout: 10_000 });
      expect(await page.locator('#watch-django-watch h2').textContent()).toBe('watch passed 4/4 · 1 failed interval');
      expect(await page.locator('#watch-django-watch li.iv .mark').allTextContents()).toEqual(['✓', '✓', '✗', '✓']);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(shots, 'watched-report-phone.png') });
      expect(await xssFired(page)).toBeUndefined();
    } finally {
      await context.close();
    }
  });
});
