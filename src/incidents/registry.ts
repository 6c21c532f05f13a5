import type { IncidentProviderType } from './provider.js';
import { github } from './github/github.js';
import { jira } from './jira/jira.js';
import { pagerduty } from './pagerduty/pagerduty.js';
import { webhook } from './webhook/webhook.js';

/** Every ticket system, one line each. */
export const INCIDENT_PROVIDERS: readonly IncidentProviderType[] = [
  pagerduty,
  jira,
  github,
  webhook,
];

export function incidentProvider(provider: string): IncidentProviderType | undefined {
  return INCIDENT_PROVIDERS.find((p) => p.provider === provider);
}
