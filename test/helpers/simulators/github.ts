import { parseJson, startSimServer } from './http-server.js';

/**
 * GitHub REST issues API (docs.github.com, "Create an issue", "List repository issues"):
 * POST /repos/{owner}/{repo}/issues → 201 issue; 422 "Validation Failed" without a title;
 * 401 "Bad credentials"; 404 for another repository. GET …/issues?labels=a,b&state=open lists
 * issues carrying every label (pull requests included, flagged with `pull_request`).
 */
export interface SimGitHubIssue {
  number: number;
  title: string;
  body?: string;
  labels: string[];
  state: 'open' | 'closed';
  pull_request?: { url: string };
}

/** `dropLabels`: as GitHub does for a token without push access, labels are silently dropped. */
export async function startGitHubSimulator(options: { token: string; repo: string; dropLabels?: boolean }) {
  const issues: SimGitHubIssue[] = [];
  const toJson = (i: SimGitHubIssue, base: string) => ({ id: 900 + i.number, number: i.number, title: i.title, body: i.body, state: i.state, labels: i.labels.map((name) => ({ name })), html_url: `${base}/${options.repo}/issues/${i.number}`, ...(i.pull_request ? { pull_request: i.pull_request } : {}) });
  const sim = await startSimServer((req) => {
    if (req.headers.authorization !== `Bearer ${options.token}`) return { status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' } };
    if (!req.headers['user-agent']) return { status: 403, body: { message: 'Request forbidden by administrative rules. Please make sure your request has a User-Agent header.' } };
    const url = new URL(req.url, 'http://sim');
    if (url.pathname !== `/repos/${options.repo}/issues`) return { status: 404, body: { message: 'Not Found', status: '404' } };
    if (req.method === 'POST') {
      const parsed = parseJson(req.body);
      const b = (parsed.ok ? parsed.value : {}) as { title?: unknown; body?: unknown; labels?: unknown };
      if (typeof b.title !== 'string' || !b.title) return { status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'Issue', code: 'missing_field', field: 'title' }], status: '422' } };
      const issue: SimGitHubIssue = { number: issues.length + 1, title: b.title, body: typeof b.body === 'string' ? b.body : undefined, labels: Array.isArray(b.labels) && !options.dropLabels ? b.labels.map(String) : [], state: 'open' };
      issues.push(issue);
      return { status: 201, body: toJson(issue, sim.url) };
    }
    if (req.method === 'GET') {
      const labels = (url.searchParams.get('labels') ?? '').split(',').filter(Boolean);
      const state = url.searchParams.get('state') ?? 'open';
      const list = issues.filter((i) => (state === 'all' || i.state === state) && labels.every((l) => i.labels.includes(l))).reverse();
      return { status: 200, body: list.slice(0, Number(url.searchParams.get('per_page') ?? 30)).map((i) => toJson(i, sim.url)) };
    }
    return { status: 404, body: { message: 'Not Found' } };
  });
  return { ...sim, issues };
}
