import { pathToFileURL } from 'node:url';

/**
 * `import.meta.url` in the CommonJS bundle (dist/bundle/main.cjs), where esbuild leaves
 * import.meta empty: injected by scripts/bundle-options.mjs (cliOptions), as esbuild's docs advise.
 * A getter: only loading a driver (src/util/load-pg.ts) reads it, and making the URL at start cost
 * every command ~0.3 ms.
 */
export const importMeta = {
  get url(): string {
    return pathToFileURL(__filename).href;
  },
};
