import * as z from 'zod';
import { httpUrl } from '../../notifiers/options.js';
import { defineIncidentOptions } from '../provider.js';

export const GITHUB_API_URL = 'https://api.github.com';

/** The github options: what config validates (the implementation is ./github.ts, loaded when used). */
export const githubOptions = defineIncidentOptions({
  provider: 'github',
  description: 'GitHub issue (POST /repos/{owner}/{repo}/issues); found again on re-run by its label',
  options: () => ({
    repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'owner/name'),
    token: z.string().min(1).describe('a token with issues:write (use ${GITHUB_TOKEN})'),
    api_url: httpUrl().default(GITHUB_API_URL).describe('GitHub Enterprise: https://HOST/api/v3'),
    labels: z.array(z.string().min(1)).optional(),
    assignees: z.array(z.string().min(1)).optional(),
  }),
  secrets: (o) => [o.token],
});
