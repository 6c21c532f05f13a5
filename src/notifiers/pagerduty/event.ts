import { clip } from '../options.js';
import { renderPlainText, type RunMessage } from '../message.js';

/** PagerDuty Events API v2 limits and values. */
export const PAGERDUTY_SUMMARY_MAX = 1024;
export const PAGERDUTY_DEDUP_KEY_MAX = 255;
export const PAGERDUTY_SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;

export interface PagerDutyEvent {
  routing_key: string;
  event_action: 'trigger' | 'resolve';
  dedup_key: string;
  payload?: {
    summary: string;
    source: string;
    severity: (typeof PAGERDUTY_SEVERITIES)[number];
    timestamp?: string;
    component?: string;
    group?: string;
    class?: string;
    custom_details?: Record<string, unknown>;
  };
  links?: Array<{ href: string; text: string }>;
  client?: string;
  client_url?: string;
}

/**
 * A trigger for a failing run, a resolve for a passing one. The dedup key is the run's identity
 * (deployment + revision): every trigger for the same revision lands in one incident, and the
 * passing run that follows resolves it. Pure.
 */
export function buildPagerDutyEvent(m: RunMessage, routingKey: string, opts: { source?: string; component?: string; group?: string; class?: string } = {}): PagerDutyEvent {
  const dedup_key = m.identity.key.slice(0, PAGERDUTY_DEDUP_KEY_MAX);
  if (m.event === 'success') return { routing_key: routingKey, event_action: 'resolve', dedup_key };
  const severity = m.event === 'warning' ? 'warning' : m.event === 'rollback_succeeded' || m.event === 'rollback_started' ? 'error' : 'critical';
  // The dedup key is the same for every message of a run (the alert and its follow-up): one incident.
  const event: PagerDutyEvent = {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key,
    payload: {
      summary: clip(`${m.title}: ${m.headline}`, PAGERDUTY_SUMMARY_MAX),
      source: opts.source ?? m.identity.deployment,
      severity,
      timestamp: m.startedAt,
      component: opts.component ?? m.identity.deployment,
      group: opts.group ?? m.identity.namespace,
      class: opts.class ?? 'post-deploy-smoke-test',
      custom_details: {
        revision: m.identity.revision,
        events: m.events,
        failures: m.failures.map((f) => `${f.name}: ${f.reason ?? f.status}`),
        findings: m.findings.map((f) => ({ title: f.title, issue: f.issue, impact: f.impact, remediation: f.remediation })),
        rollback: m.rollback,
        run_id: m.runId,
        ...(m.pending ? { current_image: m.pending.currentImage, target_image: m.pending.targetImage } : {}),
        ...(m.pending?.confirmation ? { confirm_before: m.pending.confirmation.deadline, on_timeout: m.pending.confirmation.onTimeout, approve_command: m.pending.confirmation.approveCommand, deny_command: m.pending.confirmation.denyCommand } : {}),
        ...(m.followUp ? { follow_up: true } : {}),
        text: clip(renderPlainText(m), 4000),
      },
    },
    client: 'smokeguard',
  };
  if (m.reportUrl) {
    event.links = [{ href: m.reportUrl, text: 'Smoke test report' }];
    event.client_url = m.reportUrl;
  }
  return event;
}
