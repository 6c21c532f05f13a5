import type { NotifierEntry } from './notifier.js';
import { emailOptions, pagerdutyOptions, slackOptions, teamsOptions, webhookOptions } from './all-options.js';

/**
 * Every channel type, one line each: its options (all that config needs) and its sender,
 * imported only when a channel of that type sends. Drivers (nodemailer) load inside `send`.
 */
export const NOTIFIER_TYPES: readonly NotifierEntry[] = [
  { ...slackOptions, load: async () => (await import('./slack/slack.js')).slack },
  { ...webhookOptions, load: async () => (await import('./webhook/webhook.js')).webhook },
  { ...emailOptions, load: async () => (await import('./email/email.js')).email },
  { ...pagerdutyOptions, load: async () => (await import('./pagerduty/pagerduty.js')).pagerduty },
  { ...teamsOptions, load: async () => (await import('./teams/teams.js')).teams },
] as unknown as readonly NotifierEntry[];

export function notifierType(type: string): NotifierEntry | undefined {
  return NOTIFIER_TYPES.find((t) => t.type === type);
}
