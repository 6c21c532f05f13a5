import * as z from 'zod';
import { httpUrl } from '../../notifiers/options.js';
import { defineIncidentOptions } from '../provider.js';

/** The jira options: what config validates (the implementation is ./jira.ts, loaded when used). */
export const jiraOptions = defineIncidentOptions({
  provider: 'jira',
  description: 'Jira issue via REST API v2 (POST /rest/api/2/issue); found again on re-run by a label (JQL search)',
  options: () => ({
    url: httpUrl().describe('the site, e.g. https://example.atlassian.net'),
    project: z.string().regex(/^[A-Z][A-Z0-9_]+$/, 'a Jira project key such as OPS'),
    issue_type: z.string().min(1).default('Bug'),
    email: z.string().min(3).optional().describe('Jira Cloud: the account email, with api_token (basic auth)'),
    api_token: z.string().min(1).optional().describe('Jira Cloud API token (use ${JIRA_API_TOKEN})'),
    token: z.string().min(1).optional().describe('Jira Data Center personal access token (bearer); instead of email + api_token'),
    labels: z.array(z.string().regex(/^\S+$/, 'a label without spaces')).optional(),
    priority: z.string().optional().describe('a priority name, e.g. Highest'),
  }),
  secrets: (o) => [o.api_token, o.token],
});
