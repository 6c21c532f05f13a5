/**
 * Every channel type's and ticket system's options, in one module. The registries and each
 * sender or provider import their options from here, so that the bundle keeps them in one chunk
 * loaded with the config (esbuild groups modules by the lazily loaded entries that reach them;
 * an options module imported by its own sender got a tiny file of its own).
 */
export { emailOptions } from './email/options.js';
export { pagerdutyOptions } from './pagerduty/options.js';
export { slackOptions } from './slack/options.js';
export { teamsOptions } from './teams/options.js';
export { webhookOptions } from './webhook/options.js';
export { githubOptions as githubIncidentOptions } from '../incidents/github/options.js';
export { jiraOptions as jiraIncidentOptions } from '../incidents/jira/options.js';
export { pagerdutyOptions as pagerdutyIncidentOptions } from '../incidents/pagerduty/options.js';
export { webhookOptions as webhookIncidentOptions } from '../incidents/webhook/options.js';
