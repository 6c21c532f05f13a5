import { defineNotifier } from '../notifier.js';
import { httpResult } from '../deliver.js';
import { buildTeamsMessage } from './card.js';
import { teamsOptions } from '../all-options.js';

export const teams = defineNotifier({
  ...teamsOptions,
  async send(o, message, ctx) {
    const body = JSON.stringify(ctx.redactor.value(buildTeamsMessage(message)));
    const res = await ctx.http.request({ method: 'POST', url: o.webhook_url, headers: { 'content-type': 'application/json' }, body, signal: ctx.signal });
    return httpResult(res.status, res.body, res.headers['retry-after'] as string | undefined);
  },
});
