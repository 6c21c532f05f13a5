import { didYouMean } from '../config/suggest.js';

/**
 * Raised by run() before anything runs, when its options cannot be honoured: `only` names a
 * check the config does not have, or the config is disabled. A library caller gets an error
 * instead of a "passed" result that ran nothing; the CLI prints it and exits 2.
 */
export class RunOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunOptionsError';
  }
}

/** Checks `only` and `enabled` against the config: the names it knows and whether it may run. */
export function runOptionsProblem(config: { enabled: boolean; health_checks: Array<{ name: string }>; dependency_checks: Array<{ name: string }>; critical_paths: Array<{ name: string }> }, only: readonly string[] | undefined): string | undefined {
  if (!config.enabled) return 'the config says enabled: false: smoke tests are disabled, nothing was run';
  const names = [...config.health_checks, ...config.dependency_checks, ...config.critical_paths].map((c) => c.name);
  const unknown = (only ?? []).filter((n) => !names.includes(n));
  if (unknown.length) return `--only: no check named ${unknown.map((n) => `"${n}"`).join(', ')} (known: ${names.join(', ')})${unknown.length === 1 ? didYouMean(unknown[0]!, names) : ''}`;
  return undefined;
}
