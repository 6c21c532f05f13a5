import { httpUrl } from '../options.js';
import { defineNotifierOptions } from '../notifier.js';

/** The teams options: what config validates (the implementation is ./teams.ts, loaded when used). */
export const teamsOptions = defineNotifierOptions({
  type: 'teams',
  description: 'Microsoft Teams incoming webhook (Workflows): an Adaptive Card with the verdict, failures, rollback and report link',
  options: () => ({
    webhook_url: httpUrl().describe('the workflow\'s webhook URL (a secret: use ${TEAMS_WEBHOOK_URL})'),
  }),
  secrets: (o) => [o.webhook_url],
});
