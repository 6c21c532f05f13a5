import { pathToFileURL } from 'node:url';

/**
 * `import.meta.url` in the CommonJS bundle (dist/bundle/main.cjs), where esbuild leaves
 * import.meta empty: injected by scripts/bundle-options.mjs (cliOptions), as esbuild's docs advise.
 */
export const importMetaUrl = pathToFileURL(__filename).href;
