import { defineNotifier } from '../notifier.js';
import { httpResult } from '../deliver.js';
import { httpUrl } from '../options.js';
import { buildTeamsMessage } from './card.js';

export const teams = defineNotifier({
  type: 'teams',
  description: 'Microsoft Teams incoming webhook (Workflows): an Adaptive Card with the verdict, failures, rollback and report link',
  options: {
    webhook_url: httpUrl.describe('the workflow\'s webhook URL (a secret: use ${TEAMS_WEBHOOK_URL})'),
  },
  secrets: (o) => [o.webhook_url],
  async send(o, message, ctx) {
    const body = JSON.stringify(ctx.redactor.value(buildTeamsMessage(message)));
    const res = await ctx.http.request({ method: 'POST', url: o.webhook_url, headers: { 'content-type': 'application/json' }, body, signal: ctx.signal });
    return httpResult(res.status, res.body, res.headers['retry-after'] as string | undefined);
  },
});
