import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { criticalRun, passedRun } from '../../test/helpers/report-fixtures.js';
import { readReportJson } from '../../test/helpers/report-json.js';
import { REPORT_FORMAT_NAMES, fitStepSummary, isReportFormat, writeReports } from './index.js';

const fresh = (): string => mkdtempSync(join(tmpdir(), 'smokeguard-reports-'));

describe('writeReports', () => {
  it('a critical run writes all four reports into a new directory', async () => {
    const dir = join(fresh(), 'nested', 'reports');
    const written = await writeReports(criticalRun(), { dir, env: {} });
    expect(readdirSync(dir).sort()).toEqual(['junit.xml', 'report.html', 'report.json', 'report.md']);
    expect(written).toEqual(['report.json', 'junit.xml', 'report.md', 'report.html'].map((f) => join(dir, f)));
    expect((await readReportJson(join(dir, 'report.json'))).verdict).toBe('critical');
    expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toMatch(/^<\?xml/);
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toMatch(/^## ❌ CRITICAL/);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/);
  });

  it.each([
    { name: 'only junit', formats: ['junit'] as const, files: ['junit.xml'] },
    { name: 'markdown and html', formats: ['markdown', 'html'] as const, files: ['report.html', 'report.md'] },
    { name: 'a format named twice is written once', formats: ['json', 'json'] as const, files: ['report.json'] },
  ])('$name', async ({ formats, files }) => {
    const dir = fresh();
    await writeReports(passedRun(), { dir, formats, env: {} });
    expect(readdirSync(dir).sort()).toEqual(files);
  });

  it('appends report.md to GITHUB_STEP_SUMMARY, keeping what other steps wrote', async () => {
    const dir = fresh();
    const summary = join(fresh(), 'step_summary.md');
    writeFileSync(summary, '# Build\n\nok\n');
    const written = await writeReports(criticalRun(), { dir, formats: ['markdown'], env: { GITHUB_STEP_SUMMARY: summary } });
    expect(written.at(-1)).toBe(summary);
    const text = readFileSync(summary, 'utf8');
    expect(text.startsWith('# Build\n\nok\n## ❌ CRITICAL: Smoke tests failed')).toBe(true);
    expect(text.endsWith(`${readFileSync(join(dir, 'report.md'), 'utf8')}\n`)).toBe(true);
  });

  it('writes the step summary even when markdown is not among the formats', async () => {
    const summary = join(fresh(), 'summary.md');
    await writeReports(passedRun(), { dir: fresh(), formats: ['junit'], env: { GITHUB_STEP_SUMMARY: summary } });
    expect(readFileSync(summary, 'utf8')).toMatch(/^## ✅ Smoke tests passed/);
  });

  it('rejects when the directory cannot be created (the caller records it)', async () => {
    const file = join(fresh(), 'a-file');
    writeFileSync(file, '');
    await expect(writeReports(passedRun(), { dir: join(file, 'reports'), env: {} })).rejects.toThrow(/ENOTDIR|EEXIST/);
  });

  it('format names', () => {
    expect(REPORT_FORMAT_NAMES).toEqual(['json', 'junit', 'markdown', 'html']);
    expect(isReportFormat('html')).toBe(true);
    expect(isReportFormat('toString')).toBe(false);
  });

  it.each([
    { name: 'short markdown is kept as is', text: '## ok\n', max: 100, expected: '## ok\n' },
    { name: 'long markdown is cut at a line, with a note', text: `${'line\n'.repeat(100)}`, max: 200, expected: /^(line\n){20,}line\n\n> Truncated to fit the job summary: the full report is report.md.\n$/ },
    { name: 'an open fence and <details> are closed', text: `<details>\n\n\`\`\`\n${'x\n'.repeat(200)}\`\`\`\n</details>\n`, max: 150, expected: /\n```\n\n<\/details>\n\n> Truncated/ },
  ])('step summary: $name', ({ text, max, expected }) => {
    const out = fitStepSummary(text, max);
    expect(Buffer.byteLength(out)).toBeLessThanOrEqual(max);
    if (typeof expected === 'string') expect(out).toBe(expected);
    else expect(out).toMatch(expected);
  });
});
