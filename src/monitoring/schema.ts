import * as z from 'zod';
import { once } from '../util/once.js';
import { LABEL_NAME, RESERVED_LABELS } from './exposition.js';

/** A push that has not answered after this long is cut. */
export const DEFAULT_PUSHGATEWAY_TIMEOUT_SECONDS = 5;
/** The Pushgateway `job` of every push unless configured. */
export const DEFAULT_PUSHGATEWAY_JOB = 'smokeguard';

/** Set by Prometheus when it scrapes (and by the Pushgateway): a static label of that name would be overwritten. */
const SCRAPE_LABELS = ['job', 'instance'];

const labelValue = once(() => z.string().min(1, 'a non-empty value (an empty label value means no label to Prometheus)'));

/** `{name: value}` labels. Names are checked here rather than by a key schema: zod only says "Invalid key". */
function labelSet(reserved: readonly string[], why: string) {
  return z.record(z.string(), labelValue()).superRefine((labels, ctx) => {
    for (const key of Object.keys(labels)) {
      if (!LABEL_NAME.test(key)) ctx.addIssue({ code: 'custom', path: [key], message: `"${key}" is not a Prometheus label name (letters, digits and _, not starting with a digit or __)` });
      else if (reserved.includes(key)) ctx.addIssue({ code: 'custom', path: [key], message: `"${key}" ${why}` });
    }
  });
}

export const pushgatewaySchema = once(() => z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'an http(s) URL of the Pushgateway, e.g. http://pushgateway:9091' })
    .describe('base URL; credentials may go in its userinfo (user:password@)'),
  job: z.string().min(1).default(DEFAULT_PUSHGATEWAY_JOB).describe('the Pushgateway job of the push'),
  grouping: labelSet([...RESERVED_LABELS, 'job'], 'is not a grouping label: smokeguard sets it per series (use `job` for the job)').default({})
    .describe('grouping key labels: each (job, grouping) group holds the latest run of its own, e.g. {environment: prod}'),
  timeout_seconds: z.number().positive().max(60).default(DEFAULT_PUSHGATEWAY_TIMEOUT_SECONDS),
  username: z.string().min(1).optional().describe('basic auth user (or put it in the URL)'),
  password: z.string().min(1).optional().describe('basic auth password; use ${PUSHGATEWAY_PASSWORD}'),
  insecure: z.boolean().default(false).describe('skip TLS certificate verification'),
  ca_file: z.string().min(1).optional().describe('PEM file of extra certificate authorities'),
}).superRefine((value, ctx) => {
  if ((value.username === undefined) !== (value.password === undefined)) {
    ctx.addIssue({ code: 'custom', path: [value.username === undefined ? 'username' : 'password'], message: 'username and password go together (basic auth needs both)' });
  }
  const url = URL.canParse(value.url) ? new URL(value.url) : undefined;
  if (url && (url.username || url.password) && value.username !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['username'], message: 'credentials given twice: in the URL and in username/password; keep one' });
  }
  if (url && (url.search || url.hash)) {
    ctx.addIssue({ code: 'custom', path: ['url'], message: 'the Pushgateway base URL takes no query or fragment' });
  }
}));
export type PushgatewayConfig = z.infer<ReturnType<typeof pushgatewaySchema>>;

/**
 * `monitoring:` — where each run's metrics go. Both sinks may be set at once; neither is
 * required, but an empty block says nothing and is a config error.
 */
export const monitoringSchema = once(() => z.strictObject({
  labels: labelSet([...RESERVED_LABELS, ...SCRAPE_LABELS], 'is reserved: smokeguard or Prometheus sets it').default({})
    .describe('static labels added to every series, e.g. {cluster: eu-1}; they win over target labels of the same name'),
  pushgateway: pushgatewaySchema().optional().describe('PUT every run to a Prometheus Pushgateway'),
  textfile: z.string().min(1).regex(/\.prom$/, "a path ending in .prom (node_exporter's textfile collector reads only *.prom)").optional()
    .describe('write every run to this file, atomically, for node_exporter --collector.textfile.directory'),
}).superRefine((value, ctx) => {
  if (!value.pushgateway && !value.textfile) {
    ctx.addIssue({ code: 'custom', path: [], message: 'set pushgateway, textfile or both (or remove monitoring)' });
  }
  for (const [name, v] of Object.entries(value.pushgateway?.grouping ?? {})) {
    const label = value.labels[name];
    if (label !== undefined && label !== v) {
      ctx.addIssue({ code: 'custom', path: ['pushgateway', 'grouping', name], message: `"${name}" is also a static label with another value ("${label}"); the Pushgateway would overwrite it` });
    }
  }
}));
export type MonitoringConfig = z.infer<ReturnType<typeof monitoringSchema>>;
