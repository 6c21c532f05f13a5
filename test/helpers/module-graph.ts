import { resolve } from 'node:path';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { bundleOptions } from '../../scripts/bundle-options.mjs';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * The CLI's module graph: the bundle split into ES module chunks (`bundleOptions`), in memory with
 * its metafile. The shipped CLI is one CommonJS file (dist/bundle/main.cjs) whose lazily imported
 * modules start only when first imported, as these chunks load: what a chunk reaches by static
 * imports is what that CLI starts with it.
 */
export async function moduleGraph(): Promise<ModuleGraph> {
  const result = await build({ ...(bundleOptions as BuildOptions), absWorkingDir: ROOT, write: false, metafile: true, minify: false, logLevel: 'silent' });
  return new ModuleGraph(result.metafile as Metafile);
}

export class ModuleGraph {
  constructor(readonly meta: Metafile) {}

  /** The source files in the outputs a process loads before any dynamic import() runs, from `roots`; `seen` the outputs. */
  staticallyLoaded(roots: string[]): { inputs: Set<string>; externals: Set<string>; seen: Set<string> } {
    const seen = new Set<string>();
    const inputs = new Set<string>();
    const externals = new Set<string>();
    const queue = [...roots];
    while (queue.length) {
      const out = queue.pop() as string;
      if (seen.has(out)) continue;
      seen.add(out);
      const o = this.meta.outputs[out]!;
      for (const input of Object.keys(o.inputs)) inputs.add(input);
      for (const imp of o.imports) {
        if (imp.kind !== 'import-statement') continue;
        if (imp.external) externals.add(imp.path);
        else queue.push(imp.path);
      }
    }
    return { inputs, externals, seen };
  }

  /** The output whose entry (the CLI's, or a module some code import()s) is `entry`. */
  outputOf(entry: string): string {
    const found = Object.entries(this.meta.outputs).find(([, o]) => o.entryPoint === entry);
    if (!found) throw new Error(`no output for ${entry}`);
    return found[0];
  }
}
