import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { moduleGraph, type ModuleGraph } from './helpers/module-graph.js';

const ROOT = resolve(import.meta.dirname, '..');

/** The CLI's module graph as ES module chunks (see test/helpers/module-graph.ts). */
let graph: ModuleGraph;
beforeAll(async () => {
  graph = await moduleGraph();
}, 60_000);
const staticallyLoaded = (roots: string[]) => graph.staticallyLoaded(roots);
const outputOf = (entry: string) => graph.outputOf(entry);

/** Implementations a healthy run must not load: senders, providers, renderers, the rollback, check types. */
const IMPLEMENTATIONS = [
  // A check type's implementation loads when a check of the type runs (health checks and path steps
  // are http's); its options.ts (and prometheus' threshold parser, which validates config) do not.
  /^src\/checks\/(?!http\/)[^/]+\/(?!options\.ts$|threshold\.ts$)/,
  /^src\/notifiers\/(slack|email|pagerduty|teams|webhook)\/(?!options\.ts$)/,
  /^src\/notifiers\/(index|deliver|stage|message)\.ts$/,
  /^src\/incidents\/(index|state-file|ticket)\.ts$/,
  /^src\/incidents\/[^/]+\/(?!options\.ts$)/,
  /^src\/monitoring\/(render|pushgateway|textfile|index)\.ts$/,
  /^src\/rollback\/(execute|apply|kube|plan|lease|rollout|confirm)\.ts$/,
];

describe('import graph of the built CLI', () => {
  it('a plain run (the run command, its config loading and pipeline) loads no notifier sender, incident provider, monitoring renderer, rollback code, check type implementation or Kubernetes client', () => {
    // The bin (a CommonJS build of its own, binOptions) only import()s main.
    const { inputs, externals } = staticallyLoaded([outputOf('src/cli/main.ts'), outputOf('src/cli/commands/run.ts')]);
    // The test sees what it should: the run's own code and the config's schemas are there.
    for (const needed of ['src/run/pipeline.ts', 'src/config/lazy-schema.ts', 'src/checks/postgres/options.ts', 'src/checks/http/http.ts', 'src/notifiers/schema.ts', 'src/notifiers/slack/options.ts', 'src/incidents/jira/options.ts', 'src/monitoring/schema.ts', 'src/rollback/schema.ts']) expect(inputs).toContain(needed);
    const loaded = [...inputs].filter((f) => IMPLEMENTATIONS.some((re) => re.test(f)));
    expect(loaded).toEqual([]);
    // The whole config schema (every section and check type, built at import) is for library users.
    expect(inputs).not.toContain('src/config/schema.ts');
    expect([...externals].filter((e) => e.startsWith('@kubernetes/'))).toEqual([]);
    // `import { z } from 'zod'` anywhere in the bundle pulls zod's 60-odd locales into the chunk every run loads.
    expect([...inputs].filter((f) => /zod\/v4\/locales\/(?!en\.js$|index\.js$)/.test(f))).toEqual([]);
  });

});

/** Relative imports of a source file (`.js` specifiers as sources); `runtime` leaves out `import type`. */
function importsOf(file: string, runtime = false): string[] {
  const src = readFileSync(join(ROOT, file), 'utf8');
  return [...src.matchAll(/(?:^|\n)\s*(import|export)(\s+type\b)?[^'"`;]*?from\s+'(\.[^']+)'/g)]
    .filter((m) => !(runtime && m[2]))
    .map((m) => join(file, '..', m[3]).replace(/\\/g, '/').replace(/\.js$/, '.ts'));
}

/** Every source file `file` loads at run time, itself included. */
function closureOf(file: string): Set<string> {
  const seen = new Set<string>();
  const queue = [file];
  while (queue.length) {
    const f = queue.pop() as string;
    if (seen.has(f)) continue;
    seen.add(f);
    queue.push(...importsOf(f, true));
  }
  return seen;
}

describe('import graph of the sources', () => {
  it('the public-suffix list (tldts) loads only when a cookie\'s Domain needs it: not with the cookie jar, nor with any run', () => {
    const jar = Object.entries(graph.meta.outputs).find(([, o]) => 'src/flows/cookie-jar.ts' in o.inputs)?.[0];
    expect(jar).toBeDefined();
    const withJar = staticallyLoaded([jar!, outputOf('src/cli/main.ts'), outputOf('src/cli/commands/run.ts')]);
    expect([...withJar.inputs, ...withJar.externals].filter((f) => /tldts/.test(f))).toEqual([]);
    // The jar does use it, through an import() of its own.
    expect(graph.meta.outputs[jar!]!.imports.filter((i) => i.path === 'tldts').map((i) => i.kind)).toEqual(['dynamic-import']);
  });

  it('nothing in src/core imports from outside core and util', () => {
    const files = readdirSync(join(ROOT, 'src/core')).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(files.length).toBeGreaterThan(5);
    const upward = files.flatMap((f) => importsOf(`src/core/${f}`).filter((to) => !/^src\/(core|util)\//.test(to)).map((to) => `src/core/${f} → ${to}`));
    expect(upward).toEqual([]);
  });

  it('config/schema.ts loads options only: no sender, provider, renderer or rollback implementation (and so no circle back into config)', () => {
    const loaded = closureOf('src/config/schema.ts');
    expect(loaded).toContain('src/notifiers/slack/options.ts');
    expect([...loaded].filter((f) => IMPLEMENTATIONS.some((re) => re.test(f)))).toEqual([]);
  });

  it('no circle between config and notifiers/incidents, nor between rollback/execute and rollback/apply', () => {
    for (const f of [...closureOf('src/notifiers/schema.ts'), ...closureOf('src/notifiers/registry.ts'), ...closureOf('src/incidents/registry.ts')]) expect(f).not.toMatch(/^src\/config\//);
    expect(importsOf('src/rollback/apply.ts')).not.toContain('src/rollback/execute.ts');
    expect(importsOf('src/rollback/execute.ts')).toContain('src/rollback/apply.ts');
  });
});
