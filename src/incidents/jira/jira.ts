import * as z from 'zod';
import { httpResult } from '../../notifiers/deliver.js';
import { parseJsonBody } from '../../util/http.js';
import { defineIncidentProvider } from '../provider.js';
import { jiraIncidentOptions as jiraOptions } from '../../notifiers/all-options.js';

/** Jira's summary field is limited to 255 characters. */
export const JIRA_SUMMARY_MAX = 255;

/** JQL string literal. */
function jqlString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export const jira = defineIncidentProvider({
  ...jiraOptions,
  async open(o, ticket, ctx) {
    const base = o.url.replace(/\/+$/, '');
    const auth = o.token ? `Bearer ${o.token}` : `Basic ${Buffer.from(`${o.email}:${o.api_token}`).toString('base64')}`;
    ctx.redactor.addSecret(auth);
    const headers = { authorization: auth, accept: 'application/json', 'content-type': 'application/json' };

    const jql = `project = ${jqlString(o.project)} AND labels = ${jqlString(ticket.marker)} AND statusCategory != Done ORDER BY created DESC`;
    const search = await ctx.http.request({ method: 'GET', url: `${base}/rest/api/2/search?jql=${encodeURIComponent(jql)}&maxResults=1&fields=key,summary`, headers, signal: ctx.signal });
    const searched = httpResult(search.status, search.body);
    if (!searched.ok) return { ...searched, error: `Jira search: ${searched.error}` };
    const found = (parseJsonBody(search) as { issues?: Array<{ key?: unknown }> } | undefined)?.issues?.[0];
    if (found && typeof found.key === 'string') return { ok: true, id: found.key, url: `${base}/browse/${found.key}`, created: false };

    const fields: Record<string, unknown> = {
      project: { key: o.project },
      summary: ticket.title.slice(0, JIRA_SUMMARY_MAX),
      description: ctx.redactor.text(ticket.body),
      issuetype: { name: o.issue_type },
      labels: [...ticket.labels, ...(o.labels ?? [])],
    };
    if (o.priority) fields.priority = { name: o.priority };
    const res = await ctx.http.request({ method: 'POST', url: `${base}/rest/api/2/issue`, headers, body: JSON.stringify(ctx.redactor.value({ fields })), signal: ctx.signal });
    const created = httpResult(res.status, res.body);
    if (!created.ok) return { ...created, error: `Jira create: ${created.error}` };
    const key = (parseJsonBody(res) as { key?: unknown } | undefined)?.key;
    if (typeof key !== 'string') return { ok: false, retryable: false, error: `Jira answered ${res.status} without an issue key` };
    return { ok: true, id: key, url: `${base}/browse/${key}`, created: true };
  },
});
