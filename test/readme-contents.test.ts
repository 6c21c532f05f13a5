import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The README's table of contents stays whole: every section is listed, every link lands. */
const ROOT = resolve(import.meta.dirname, '..');
const README = join(ROOT, 'README.md');

/** GitHub's heading anchors: lower case, punctuation dropped (hyphens and underscores kept), spaces become hyphens. */
function anchorOf(heading: string): string {
  return heading.trim().toLowerCase().replace(/`/g, '').replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

describe('README table of contents', () => {
  it('lists every ## section, and every #link points at a heading', async () => {
    const text = (await readFile(README, 'utf8')).replace(/^```[\s\S]*?^```/gm, ''); // no headings inside code
    const contents = /^## Contents\n([\s\S]*?)^## /m.exec(text)?.[1];
    expect(contents, 'README has a "## Contents" section').toBeTruthy();
    const links = new Set([...contents!.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]!));
    const headings = [...text.matchAll(/^(#{2,4}) (.+)$/gm)].map((m) => ({ level: m[1]!.length, anchor: anchorOf(m[2]!) }));
    const sections = headings.filter((h) => h.level === 2 && h.anchor !== 'contents').map((h) => h.anchor);
    expect(sections.length).toBeGreaterThan(5);
    expect(sections.filter((s) => !links.has(s)), 'sections missing from Contents').toEqual([]);
    const all = new Set(headings.map((h) => h.anchor));
    expect([...links].filter((l) => !all.has(l)), 'Contents links to no heading').toEqual([]);
  });

  it('puts the quick start first, right after the contents', async () => {
    const text = await readFile(README, 'utf8');
    const sections = [...text.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(sections.slice(0, 2)).toEqual(['Contents', 'Quick start']);
    // "In one screen": install → init → validate → run → report, without scrolling past a long detour.
    const quickStart = /^## Quick start\n([\s\S]*?)^## /m.exec(text)![1]!;
    expect(quickStart.trimEnd().split('\n').length).toBeLessThanOrEqual(50);
  });

  it('anchors as GitHub makes them', () => {
    expect(anchorOf("The seed's hook, in one paragraph")).toBe('the-seeds-hook-in-one-paragraph');
    expect(anchorOf('Reports, notifications, incidents, monitoring')).toBe('reports-notifications-incidents-monitoring');
    expect(anchorOf('`tls`: certificate chain')).toBe('tls-certificate-chain');
  });

  it('links every docs/ page, and every docs/<page>.md#anchor (README, docs, init\'s messages) lands on a heading', async () => {
    const readme = await readFile(README, 'utf8');
    const pages = (await readdir(join(ROOT, 'docs'))).filter((f) => f.endsWith('.md'));
    expect(pages.filter((p) => !readme.includes(`(docs/${p}`)), 'docs pages the README does not link').toEqual([]);
    const sources = ['README.md', ...pages.map((p) => `docs/${p}`), 'src/init/starter.ts', 'src/init/render-yaml.ts'];
    const broken: string[] = [];
    let checked = 0;
    for (const source of sources) {
      const text = await readFile(join(ROOT, source), 'utf8');
      for (const m of text.matchAll(/(?:docs\/|\()([a-z-]+\.md)#([a-z0-9_-]+)/g)) {
        const page = await readFile(join(ROOT, 'docs', m[1]!), 'utf8').catch(() => '');
        const anchors = [...page.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6} (.+)$/gm)].map((h) => anchorOf(h[1]!));
        checked++;
        if (!anchors.includes(m[2]!)) broken.push(`${source}: ${m[1]}#${m[2]}`);
      }
    }
    expect(checked).toBeGreaterThan(5);
    expect(broken).toEqual([]);
  });
});
