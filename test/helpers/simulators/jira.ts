import { parseJson, startSimServer } from './http-server.js';

/**
 * Jira REST API v2 (developer.atlassian.com, "Create issue", "Search for issues using JQL"):
 * POST /rest/api/2/issue → 201 {id, key, self}; 400 {errorMessages, errors} when project,
 * summary or issuetype is missing or unknown; 401 without the right credentials.
 * GET /rest/api/2/search understands the JQL smokeguard sends (project, labels, statusCategory).
 */
export interface SimJiraIssue {
  id: string;
  key: string;
  summary: string;
  labels: string[];
  issuetype: string;
  description?: string;
  done: boolean;
}

export async function startJiraSimulator(options: { auth: string; project?: string; issueTypes?: string[] }) {
  const project = options.project ?? 'OPS';
  const types = new Set(options.issueTypes ?? ['Bug', 'Task', 'Incident']);
  const issues: SimJiraIssue[] = [];
  const sim = await startSimServer((req) => {
    if (req.headers.authorization !== options.auth) return { status: 401, body: { errorMessages: ['You are not authenticated. Authentication required to perform this operation.'], errors: {} } };
    const url = new URL(req.url, 'http://sim');
    if (req.method === 'POST' && url.pathname === '/rest/api/2/issue') {
      const parsed = parseJson(req.body);
      const fields = (parsed.ok ? (parsed.value as { fields?: Record<string, unknown> }).fields : undefined) ?? {};
      const errors: Record<string, string> = {};
      const p = fields.project as { key?: unknown } | undefined;
      if (!p) errors.project = 'project is required';
      else if (p.key !== project) errors.project = 'valid project is required';
      if (typeof fields.summary !== 'string' || !fields.summary.trim()) errors.summary = 'You must specify a summary of the issue.';
      else if (fields.summary.length > 255) errors.summary = 'Summary must be less than 255 characters.';
      else if (/[\r\n]/.test(fields.summary)) errors.summary = 'The summary is invalid because it contains newline characters.';
      const t = fields.issuetype as { name?: unknown } | undefined;
      if (!t) errors.issuetype = 'issue type is required';
      else if (typeof t.name !== 'string' || !types.has(t.name)) errors.issuetype = 'Specify a valid issue type';
      if (fields.labels !== undefined && (!Array.isArray(fields.labels) || fields.labels.some((l) => typeof l !== 'string' || /\s/.test(l)))) errors.labels = 'The label must not contain spaces.';
      if (Object.keys(errors).length) return { status: 400, body: { errorMessages: [], errors } };
      const n = issues.length + 1;
      const issue: SimJiraIssue = { id: String(10000 + n), key: `${project}-${n}`, summary: fields.summary as string, labels: (fields.labels as string[]) ?? [], issuetype: (t as { name: string }).name, description: fields.description as string | undefined, done: false };
      issues.push(issue);
      return { status: 201, body: { id: issue.id, key: issue.key, self: `${sim.url}/rest/api/2/issue/${issue.id}` } };
    }
    if (req.method === 'GET' && url.pathname === '/rest/api/2/search') {
      const jql = url.searchParams.get('jql') ?? '';
      const wantProject = /project\s*=\s*"?([A-Z0-9_]+)"?/.exec(jql)?.[1];
      const wantLabel = /labels\s*=\s*"([^"]+)"/.exec(jql)?.[1];
      const openOnly = /statusCategory\s*!=\s*Done/i.test(jql);
      if (!wantProject && !wantLabel) return { status: 400, body: { errorMessages: [`Error in the JQL Query: ${jql}`], errors: {} } };
      const found = issues.filter((i) => (!wantProject || i.key.startsWith(`${wantProject}-`)) && (!wantLabel || i.labels.includes(wantLabel)) && (!openOnly || !i.done)).reverse();
      const max = Number(url.searchParams.get('maxResults') ?? 50);
      return { status: 200, body: { startAt: 0, maxResults: max, total: found.length, issues: found.slice(0, max).map((i) => ({ id: i.id, key: i.key, self: `${sim.url}/rest/api/2/issue/${i.id}`, fields: { summary: i.summary } })) } };
    }
    return { status: 404, body: { errorMessages: ['Not found'], errors: {} } };
  });
  return { ...sim, issues };
}
