import type { IncidentProviderEntry } from './provider.js';
import { githubIncidentOptions, jiraIncidentOptions, pagerdutyIncidentOptions, webhookIncidentOptions } from '../notifiers/all-options.js';

/** Every ticket system, one line each: its options, and its client imported only when a ticket opens. */
export const INCIDENT_PROVIDERS: readonly IncidentProviderEntry[] = [
  { ...pagerdutyIncidentOptions, load: async () => (await import('./pagerduty/pagerduty.js')).pagerduty },
  { ...jiraIncidentOptions, load: async () => (await import('./jira/jira.js')).jira },
  { ...githubIncidentOptions, load: async () => (await import('./github/github.js')).github },
  { ...webhookIncidentOptions, load: async () => (await import('./webhook/webhook.js')).webhook },
] as unknown as readonly IncidentProviderEntry[];

export function incidentProvider(provider: string): IncidentProviderEntry | undefined {
  return INCIDENT_PROVIDERS.find((p) => p.provider === provider);
}
