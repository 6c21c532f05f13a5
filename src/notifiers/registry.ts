import { registryEntry } from '../util/registry-entry.js';
import type { NotifierEntry } from './notifier.js';
import { emailOptions, pagerdutyOptions, slackOptions, teamsOptions, webhookOptions } from './all-options.js';

/**
 * Every channel type, one line each: its options (all that config needs) and its sender,
 * imported only when a channel of that type sends. Drivers (nodemailer) load inside `send`.
 */
export const NOTIFIER_TYPES: readonly NotifierEntry[] = [
  registryEntry(slackOptions, async () => (await import('./slack/slack.js')).slack),
  registryEntry(webhookOptions, async () => (await import('./webhook/webhook.js')).webhook),
  registryEntry(emailOptions, async () => (await import('./email/email.js')).email),
  registryEntry(pagerdutyOptions, async () => (await import('./pagerduty/pagerduty.js')).pagerduty),
  registryEntry(teamsOptions, async () => (await import('./teams/teams.js')).teams),
] as unknown as readonly NotifierEntry[];

export function notifierType(type: string): NotifierEntry | undefined {
  return NOTIFIER_TYPES.find((t) => t.type === type);
}
