import type { IncidentProviderEntry } from './provider.js';
import { githubOptions } from './github/options.js';
import { jiraOptions } from './jira/options.js';
import { pagerdutyOptions } from './pagerduty/options.js';
import { webhookOptions } from './webhook/options.js';

/** Every ticket system, one line each: its options, and its client imported only when a ticket opens. */
export const INCIDENT_PROVIDERS: readonly IncidentProviderEntry[] = [
  { ...pagerdutyOptions, load: async () => (await import('./pagerduty/pagerduty.js')).pagerduty },
  { ...jiraOptions, load: async () => (await import('./jira/jira.js')).jira },
  { ...githubOptions, load: async () => (await import('./github/github.js')).github },
  { ...webhookOptions, load: async () => (await import('./webhook/webhook.js')).webhook },
] as unknown as readonly IncidentProviderEntry[];

export function incidentProvider(provider: string): IncidentProviderEntry | undefined {
  return INCIDENT_PROVIDERS.find((p) => p.provider === provider);
}
