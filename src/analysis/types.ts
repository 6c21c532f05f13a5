/**
 * A finding of failure analysis: what went wrong, why it matters, what probably caused it and
 * what to do. Shown in the console (the seed's `Issue:` / `Impact:` lines), every report and
 * every notification. Part of the result model (src/core/outcome-model.ts).
 */
export type { Finding } from '../core/types.js';

/**
 * The run's own names, so remediation commands can be pasted as they are. Any field may be
 * unknown: commands then carry a clear placeholder (`<deployment>`, `<namespace>`, …).
 * The run's target (deployment, namespace, environment, base URL) fills whatever is not given.
 */
export interface AnalysisContext {
  deployment?: string;
  namespace?: string;
  container?: string;
  /** The image the deployment now runs (the one under test). */
  currentImage?: string;
  /** The image to roll back to. */
  previousImage?: string;
  /** The config file of this run, for the re-run command. */
  configPath?: string;
  environment?: string;
  baseUrl?: string;
  /** The base URL given on the command line (--base-url, SMOKEGUARD_BASE_URL), which a re-run needs again. */
  baseUrlArg?: string;
}
