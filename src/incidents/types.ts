/** The incident ticket of a run, as stored in the report and printed ("Incident ticket created: INC-2026-0542"). */
export interface IncidentOutcome {
  /** `jira`, `github`, `webhook` or `pagerduty`. */
  provider: string;
  /** The provider's id: a Jira key (OPS-123), `owner/repo#42`, the webhook's id, PagerDuty's dedup key. Empty when `error` is set. */
  id: string;
  url?: string;
  /** True when this run opened the ticket. */
  created: boolean;
  /** True when an open ticket for the same deployment and revision was found, and reused instead. */
  deduplicated: boolean;
  /** Something worth reporting that did not prevent the ticket (e.g. the local state file could not be written). */
  warning?: string;
  /** Why no ticket could be opened or found. Redacted. */
  error?: string;
  attempts: number;
  durationMs: number;
  /** The marker that identifies the deployment and revision across runs (label / dedup key). */
  dedupKey: string;
}
