import { beforeAll, describe, expect, it } from 'vitest';
import { moduleGraph, type ModuleGraph } from '../helpers/module-graph.js';

/**
 * A plain run never loads the dashboard: in the CLI's module graph, the modules `smokeguard run`
 * loads eagerly (the CLI, the run command and what they import statically) reach neither Fastify
 * nor a store driver. They load through dynamic import() only, when a run publishes.
 */
let graph: ModuleGraph;
beforeAll(async () => {
  graph = await moduleGraph();
}, 60_000);

describe('the dashboard loads only when used', () => {
  it('`smokeguard run` statically reaches neither fastify nor better-sqlite3 nor pg', () => {
    // The bin (CommonJS) import()s the CLI; from there the run command and its pipeline.
    const { externals } = graph.staticallyLoaded(['src/cli/main.ts', 'src/cli/commands/run.ts', 'src/run/pipeline.ts'].map((e) => graph.outputOf(e)));
    expect(externals.size).toBeGreaterThan(0); // node: built-ins at least: the scan sees imports
    expect([...externals].filter((s) => /fastify|better-sqlite3|^pg$/.test(s))).toEqual([]);
  });

  it('serve does reach them (the scan would see them)', () => {
    const { externals } = graph.staticallyLoaded([graph.outputOf('src/cli/commands/serve.ts')]);
    expect([...externals]).toContain('fastify');
  });

  it('serve reaches the run machinery (pipeline, config loader) only through the webhooks\' dynamic import()', () => {
    const { inputs, seen } = graph.staticallyLoaded([graph.outputOf('src/cli/commands/serve.ts')]);
    expect(seen.size).toBeGreaterThan(1); // the scan follows the serve chunk's relative imports
    expect([...inputs].filter((f) => /^src\/(run\/pipeline|core\/runner|config\/load)\.ts$/.test(f))).toEqual([]);
  });
});
