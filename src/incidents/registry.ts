import { registryEntry } from '../util/registry-entry.js';
import type { IncidentProviderEntry } from './provider.js';
import { githubIncidentOptions, jiraIncidentOptions, pagerdutyIncidentOptions, webhookIncidentOptions } from '../notifiers/all-options.js';

/** Every ticket system, one line each: its options, and its client imported only when a ticket opens. */
export const INCIDENT_PROVIDERS: readonly IncidentProviderEntry[] = [
  registryEntry(pagerdutyIncidentOptions, async () => (await import('./pagerduty/pagerduty.js')).pagerduty),
  registryEntry(jiraIncidentOptions, async () => (await import('./jira/jira.js')).jira),
  registryEntry(githubIncidentOptions, async () => (await import('./github/github.js')).github),
  registryEntry(webhookIncidentOptions, async () => (await import('./webhook/webhook.js')).webhook),
] as unknown as readonly IncidentProviderEntry[];

export function incidentProvider(provider: string): IncidentProviderEntry | undefined {
  return INCIDENT_PROVIDERS.find((p) => p.provider === provider);
}
