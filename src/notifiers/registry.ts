import type { NotifierType } from './notifier.js';
import { email } from './email/email.js';
import { pagerduty } from './pagerduty/pagerduty.js';
import { slack } from './slack/slack.js';
import { teams } from './teams/teams.js';
import { webhook } from './webhook/webhook.js';

/** Every channel type, one line each. Drivers (nodemailer) are imported inside `send`. */
export const NOTIFIER_TYPES: readonly NotifierType[] = [
  slack,
  webhook,
  email,
  pagerduty,
  teams,
];

export function notifierType(type: string): NotifierType | undefined {
  return NOTIFIER_TYPES.find((t) => t.type === type);
}
