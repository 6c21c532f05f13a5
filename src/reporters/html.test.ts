import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUNS, criticalRun } from '../../test/helpers/report-fixtures.js';
import { render } from './html.js';

const CHROMIUM = '/usr/bin/chromium';
const VERDICT = {
  passed: '✓ Smoke tests passed',
  warning: '⚠ WARNING: Non-critical test failed (deployment continues)',
  critical: '✗ CRITICAL: Smoke tests failed',
  aborted: '■ ABORTED: Smoke run stopped before a verdict',
  deployment_failed: '✗ DEPLOYMENT DID NOT COMPLETE: smoke tests not run',
} as const;
const shots = mkdtempSync(join(tmpdir(), 'smokeguard-html-'));

describe('report.html, as text', () => {
  it.each(RUNS)('$name run: no attribute references anything outside the file', ({ make }) => {
    const html = render(make());
    // Text is escaped, so every '<' left in the file opens one of our own tags.
    const attributes = [...html.matchAll(/<[a-z][a-z0-9-]*((?:\s+[a-z:-]+(?:="[^"]*")?)*)\s*\/?>/gi)]
      .flatMap((tag) => [...tag[1].matchAll(/([a-z:-]+)(?:="([^"]*)")?/gi)].map((a) => ({ name: a[1].toLowerCase(), value: a[2] ?? '' })));
    expect(attributes.length).toBeGreaterThan(20);
    expect(attributes.filter((a) => ['href', 'src', 'srcset', 'action', 'poster', 'xlink:href', 'data', 'background'].includes(a.name))).toEqual([]);
    expect(attributes.filter((a) => /https?:|\/\//i.test(a.value))).toEqual([]);
    const css = html.slice(html.indexOf('<style>'), html.indexOf('</style>'));
    expect(css).not.toMatch(/url\(|@import|https?:|\/\//i);
  });

  it.each(RUNS)('$name run: the run\'s strings are escaped, no markup of its own but ours', ({ make }) => {
    const html = render(make());
    expect(html).not.toMatch(/<script|<img|<iframe/i);
  });

  it('the hostile excerpt appears as text', () => {
    expect(render(criticalRun())).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
  });
});

describe('report.html in headless Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} missing: apt-get install -y chromium`);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  const viewports = [
    { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true, deviceScaleFactor: 2 },
    { name: 'desktop', viewport: { width: 1280, height: 900 }, isMobile: false, deviceScaleFactor: 1 },
  ];

  it.each(viewports)('critical run on a $name: verdict, findings and timeline chart visible; nothing fetched', async ({ name, viewport, isMobile, deviceScaleFactor }) => {
    const context = await browser.newContext({ viewport, isMobile, deviceScaleFactor });
    try {
      const page = await context.newPage();
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.setContent(render(criticalRun()), { waitUntil: 'load' });

      const verdict = page.locator('#verdict h1');
      expect(await verdict.isVisible()).toBe(true);
      expect(await verdict.textContent()).toBe('✗ CRITICAL: Smoke tests failed');

      const findings = page.locator('#findings article');
      expect(await findings.count()).toBe(2);
      expect(await findings.nth(1).isVisible()).toBe(true);
      expect(await findings.nth(1).textContent()).toContain('Database unavailable: readiness returned 503 while database fails');
      expect(await findings.nth(1).locator('code', { hasText: 'kubectl set image deployment/django' }).isVisible()).toBe(true);

      const chart = page.locator('#timeline-chart');
      await chart.scrollIntoViewIfNeeded();
      expect(await chart.isVisible()).toBe(true);
      const box = await chart.boundingBox();
      expect(box?.width).toBeGreaterThan(Math.min(viewport.width, 980) * 0.75); // the page's max width is 980 px
      expect(await chart.locator('rect.bar').count()).toBe(7);
      expect(await chart.locator('g.marker').count()).toBe(4); // failures detected, decision, rollback started, rollback complete
      expect(await chart.locator('g.rollback text').last().textContent()).toBe('14:33:15 Rollback complete');
      // Chart text keeps a readable size on any width (x is in %, text in px).
      const fontPx = await chart.locator('text.bar-label').first().evaluate((t) => parseFloat(getComputedStyle(t).fontSize));
      expect(fontPx).toBeGreaterThanOrEqual(12);

      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);

      const { scripts, text } = await page.evaluate(() => ({
        scripts: document.querySelectorAll('script,img,iframe,object,embed').length,
        text: document.body.innerText,
      }));
      expect(scripts).toBe(0);
      expect(text).toContain('<script>alert("x")</script>');

      expect(requests.filter((u) => !u.startsWith('about:') && !u.startsWith('data:'))).toEqual([]);
      const file = join(shots, `critical-${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(`screenshot: ${file}`);
    } finally {
      await context.close();
    }
  }, 60_000);

  it.each(RUNS)('$name run on a phone: its verdict, each finding and the chart are visible', async ({ name, make }) => {
    const result = make();
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    try {
      const page = await context.newPage();
      await page.setContent(render(result), { waitUntil: 'load' });
      expect(await page.locator('#verdict h1').textContent()).toBe(VERDICT[result.verdict]);
      const findings = page.locator('#findings article');
      expect(await findings.count()).toBe(result.findings?.length ?? 0);
      for (let i = 0; i < (await findings.count()); i++) expect(await findings.nth(i).isVisible()).toBe(true);
      const chart = page.locator('#timeline-chart');
      await chart.scrollIntoViewIfNeeded();
      expect(await chart.isVisible()).toBe(true);
      expect(await chart.locator('rect.bar').count()).toBe(result.checks.filter((c) => c.startedAt && c.finishedAt).length);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(shots, `${name}-phone.png`), fullPage: true });
    } finally {
      await context.close();
    }
  }, 60_000);
});

describe('report.html at scale', () => {
  it('1,000 passing health checks fold into one closed group; the failing one stays in view', async () => {
    const { health, run } = await import('../../test/helpers/result-builder.js');
    const checks = Array.from({ length: 1000 }, (_, i) => health(`health-${i}`, '/health').at(0, 5));
    const html = render(run([health('readiness', '/health/ready').at(0, 9).fails(503), ...checks]));
    const group = /<details class="passed-group"><summary>1000 passed checks<\/summary>/.exec(html);
    expect(group).not.toBeNull();
    expect(html.indexOf('id="check-readiness"')).toBeLessThan(group!.index); // the failure comes first, outside
    expect(html.slice(group!.index)).toContain('id="check-health-999"');
    expect(html).not.toMatch(/class="passed-group" open/);
  });

  it('a passing check shows the summary of what it measured', () => {
    expect(render(RUNS[0]!.make())).toMatch(/id="check-database"[^]*?<span class="reason">PostgreSQL 16\.4<\/span><\/summary>/);
  });

  it('a few passing checks stay as they are, each its own line', () => {
    expect(render(RUNS[0]!.make())).not.toContain('class="passed-group"');
  });
});
