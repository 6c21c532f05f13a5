import * as z from 'zod';
import { httpResult } from '../../notifiers/deliver.js';
import { parseJsonBody } from '../../util/http.js';
import { defineIncidentProvider } from '../provider.js';
import { githubIncidentOptions as githubOptions } from '../../notifiers/all-options.js';
export { GITHUB_API_URL } from './options.js';

interface GitHubIssue {
  number?: unknown;
  html_url?: unknown;
  pull_request?: unknown;
  labels?: Array<{ name?: unknown } | string>;
}

function labelNames(issue: GitHubIssue): string[] {
  return (issue.labels ?? []).map((l) => (typeof l === 'string' ? l : String(l.name)));
}

export const github = defineIncidentProvider({
  ...githubOptions,
  async open(o, ticket, ctx) {
    const base = `${o.api_url.replace(/\/+$/, '')}/repos/${o.repo}`;
    const headers = {
      authorization: `Bearer ${o.token}`,
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      'user-agent': 'smokeguard',
      'content-type': 'application/json',
    };
    // The issues list filtered by label is consistent at once; the search API lags by minutes.
    const list = await ctx.http.request({ method: 'GET', url: `${base}/issues?labels=${encodeURIComponent(ticket.marker)}&state=open&per_page=5`, headers, signal: ctx.signal });
    const listed = httpResult(list.status, list.body);
    if (!listed.ok) return { ...listed, error: `GitHub issue search: ${listed.error}` };
    const issues = parseJsonBody(list);
    const found = Array.isArray(issues) ? (issues as GitHubIssue[]).find((i) => typeof i.number === 'number' && !i.pull_request) : undefined;
    if (found) return { ok: true, id: `${o.repo}#${String(found.number)}`, url: typeof found.html_url === 'string' ? found.html_url : undefined, created: false };

    const body = ctx.redactor.value({ title: ticket.title, body: ticket.body, labels: [...ticket.labels, ...(o.labels ?? [])], assignees: o.assignees });
    const res = await ctx.http.request({ method: 'POST', url: `${base}/issues`, headers, body: JSON.stringify(body), signal: ctx.signal });
    const created = httpResult(res.status, res.body);
    if (!created.ok) return { ...created, error: `GitHub create issue: ${created.error}` };
    const issue = parseJsonBody(res) as GitHubIssue | undefined;
    if (typeof issue?.number !== 'number') return { ok: false, retryable: false, error: `GitHub answered ${res.status} without an issue number` };
    const opened = { ok: true as const, id: `${o.repo}#${issue.number}`, url: typeof issue.html_url === 'string' ? issue.html_url : undefined, created: true };
    // GitHub drops labels silently when the token may not set them; then no re-run can find this issue.
    if (!labelNames(issue).includes(ticket.marker)) return { ...opened, warning: `GitHub did not keep the label ${ticket.marker} (the token cannot set labels): a re-run will not find this issue and may open another` };
    return opened;
  },
});
