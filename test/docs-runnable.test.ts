import { chmod, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startDemoService, type DemoService } from '../src/demo/service.js';
import { CLI, runProcess } from './helpers/cli.js';
import { malformedRunnableFences, runnableBlocks, type RunnableBlock } from './helpers/runnable-blocks.js';

/**
 * The docs cannot drift from the tool: every ```sh runnable``` block of README.md and docs/*.md
 * is run by bash, in order per scenario, in an empty directory that looks like a clone of this
 * repository (examples/ is there), against a fresh demo service. The docs address the demo as
 * http://127.0.0.1:8080 (where `npm run demo:serve` listens); here that address is replaced by
 * the test's own demo service on a free port. `npx smokeguard` runs the built CLI.
 */
const ROOT = resolve(import.meta.dirname, '..');
const DOCS_URL = 'http://127.0.0.1:8080';

async function docFiles(): Promise<string[]> {
  const docs = (await readdir(join(ROOT, 'docs'))).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`);
  return ['README.md', ...docs];
}

async function allBlocks(): Promise<RunnableBlock[]> {
  const blocks: RunnableBlock[] = [];
  for (const file of await docFiles()) blocks.push(...runnableBlocks(file, await readFile(join(ROOT, file), 'utf8')));
  return blocks;
}

/** A directory with `npx` and `smokeguard` on PATH that run the built CLI, and nothing else from npm. */
async function shims(dir: string): Promise<string> {
  const bin = join(dir, '.bin');
  await mkdir(bin);
  const node = process.execPath;
  await writeFile(join(bin, 'smokeguard'), `#!/bin/sh\nexec "${node}" "${CLI}" "$@"\n`);
  await writeFile(join(bin, 'npx'), `#!/bin/sh\n[ "$1" = smokeguard ] || { echo "docs may only run 'npx smokeguard' (got: $*)" >&2; exit 127; }\nshift\nexec "${node}" "${CLI}" "$@"\n`);
  await chmod(join(bin, 'smokeguard'), 0o755);
  await chmod(join(bin, 'npx'), 0o755);
  return bin;
}


const services: DemoService[] = [];
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(services.map((s) => s.close()));
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const blocks = await allBlocks();
const scenarios = new Map<string, RunnableBlock[]>();
for (const block of blocks) {
  const key = `${block.file} · ${block.scenario}`;
  scenarios.set(key, [...(scenarios.get(key) ?? []), block]);
}

describe('runnable blocks in README and docs', () => {
  it('the README quick start is runnable, in the newcomer\'s order: init → validate → run → read the report', async () => {
    const text = await readFile(join(ROOT, 'README.md'), 'utf8');
    const lines = text.split('\n');
    const start = lines.indexOf('## Quick start') + 1;
    const end = lines.findIndex((l, i) => i >= start && l.startsWith('## '));
    expect(start, 'README has a "## Quick start"').toBeGreaterThan(0);
    // The main scenario's blocks inside the Quick start section, in document order: one session.
    const quickStart = blocks.filter((b) => b.file === 'README.md' && b.scenario === 'main' && b.line > start && b.line < end).map((b) => b.script).join('\n');
    const steps = [/npx smokeguard init --base-url /, /npx smokeguard validate/, /npx smokeguard run /, /smoke-report\/report\.md/];
    const at = steps.map((step) => quickStart.search(step));
    expect(at.every((i) => i >= 0), `quick start runs each of ${steps.join(', ')}`).toBe(true);
    expect([...at].sort((a, b) => a - b), 'in that order').toEqual(at);
    for (const file of await docFiles()) expect(malformedRunnableFences(await readFile(join(ROOT, file), 'utf8')), file).toEqual([]);
  });

  it.each([...scenarios.entries()])('%s', async (_key, scenario) => {
    const service = await startDemoService();
    services.push(service);
    const dir = await mkdtemp(join(tmpdir(), 'smokeguard-docs-'));
    dirs.push(dir);
    await symlink(join(ROOT, 'examples'), join(dir, 'examples'));
    const env = { PATH: `${await shims(dir)}:${process.env.PATH}`, HOME: dir, NO_COLOR: '1' };
    for (const block of scenario) {
      const { code, stdout, stderr } = await runProcess('bash', ['-e', '-o', 'pipefail', '-c', block.script.replaceAll(DOCS_URL, service.url)], { cwd: dir, env });
      const out = stdout + stderr;
      const where = `${block.file}:${block.line}\n${block.script}\n--- output ---\n${out}`;
      expect(code, where).toBe(block.exit);
      // What a user sees holds no stack trace and no Node warning.
      expect(out, where).not.toMatch(/^\s+at .+:\d+:\d+\)?$|\(node:\d+\)|Warning:/m);
    }
  });
});
