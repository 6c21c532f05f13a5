import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { RUNS, blockedRun, criticalRun, errorRun, passedRun, timedOutRun, warningRun } from '../../test/helpers/report-fixtures.js';
import { render } from './markdown.js';

/** Renders as GitHub would (GFM), so the assertions are about what a reader sees. */
const html = (markdown: string): string => marked.parse(markdown, { gfm: true, async: false });

describe('report.md', () => {
  it.each(RUNS)('$name run: no raw HTML from the run, every table row complete', ({ make }) => {
    const out = html(render(make()));
    expect(out).not.toMatch(/<script|<img/i);
    for (const table of out.match(/<table>[\s\S]*?<\/table>/g) ?? []) {
      for (const row of table.match(/<tr>[\s\S]*?<\/tr>/g) ?? []) expect(row.match(/<t[dh][ >]/g)).toHaveLength(6);
    }
  });

  it.each([
    { name: 'passed', make: passedRun, heading: '✅ Smoke tests passed', has: ['7 checks: 7 passed — 0 critical, 0 warnings', '<td>PostgreSQL 16.4</td>'] },
    { name: 'warning', make: warningRun, heading: '⚠️ WARNING: Non-critical test failed (deployment continues)', has: ['Impact:</strong> Minor feature degradation', '⏱️ timed out (warning)'] },
    {
      name: 'critical', make: criticalRun, heading: '❌ CRITICAL: Smoke tests failed',
      has: [
        'Database unavailable: readiness returned 503 while database fails',
        'Auth service timing out: user-login fails',
        '<code>kubectl set image deployment/django django=django:v1.21.8-stable -n prod</code>',
        "<code>kubectl logs deploy/django -c django -n prod --since=15m | grep -iE &#39;database|connect|refused|timeout&#39;</code>",
        '<strong>Rollback:</strong> succeeded (<code>django:v1.22.0-context-api</code> → <code>django:v1.21.8-stable</code>)',
        '<strong>Incident:</strong> INC-2026-0542 (jira, created)',
        'email-on-call failed (SMTP 421)',
        '00:00:20 — Rollback started'.replace('00:00:20', '14:32:35'),
      ],
    },
    { name: 'timed out', make: timedOutRun, heading: '❌ CRITICAL: Smoke tests failed', has: ['run deadline of 300 s was reached', 'Run deadline of 300 s reached'] },
    { name: 'error', make: errorRun, heading: '⚠️ WARNING', has: ['⚠️ error (warning)', 'Test execution error: driver crashed'] },
    { name: 'blocked', make: blockedRun, heading: '❌ CRITICAL', has: ['⛔ blocked', '➖ skipped'] },
  ])('$name run shows its verdict and what matters', ({ make, heading, has }) => {
    const out = html(render(make()));
    expect(out).toMatch(new RegExp(`<h2>${heading.replace(/[()]/g, '\\$&')}`));
    for (const text of has) expect(out).toContain(text);
  });

  it('escapes markup, emphasis and pipes from the response; keeps the excerpt verbatim in a fence', () => {
    const source = render(criticalRun());
    const out = html(source);
    expect(out).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(out).not.toContain('<strong>bold</strong>');
    expect(source).not.toMatch(/[\u0001\u0007]/);
    expect(out).toMatch(/<pre><code>\{&quot;status&quot;:&quot;fail&quot;/);
  });

  it('a failing check has its details folded, with its failing component', () => {
    const out = html(render(criticalRun()));
    expect(out).toContain('<summary>readiness: status: expected 200, got 503</summary>');
    expect(out).toContain('component <strong>database</strong>: fail — connect ECONNREFUSED 127.0.0.1:5432');
  });

  it('a code span survives backticks inside it', () => {
    const run = criticalRun();
    run.runId = 'a`b``c';
    expect(html(render(run))).toContain('<code>a`b``c</code>');
  });
});
