import { describe, expect, test } from 'vitest';
import { formatPath } from '../config/config-error.js';
import { configSchema } from '../config/schema.js';
import { pushgatewayUrl } from './pushgateway.js';
import { pushgatewaySchema } from './schema.js';

/** The problems zod reports for a monitoring block, as `path: message`. */
function problems(monitoring: unknown): string[] {
  const r = configSchema.safeParse({ monitoring });
  return r.success ? [] : r.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
}

const PG = 'http://127.0.0.1:9091';

describe('monitoring schema', () => {
  test.each([
    ['an empty block', {}, ['monitoring: set pushgateway, textfile or both (or remove monitoring)']],
    ['pushgateway without url', { pushgateway: {} }, ['monitoring.pushgateway.url: an http(s) URL of the Pushgateway, e.g. http://pushgateway:9091']],
    ['pushgateway with a non-http URL', { pushgateway: { url: 'ftp://pg:9091' } }, ['monitoring.pushgateway.url: an http(s) URL of the Pushgateway, e.g. http://pushgateway:9091']],
    ['a query in the URL', { pushgateway: { url: `${PG}/?x=1` } }, ['monitoring.pushgateway.url: the Pushgateway base URL takes no query or fragment']],
    ['a typo in a field', { pushgateway: { url: PG, timeout: 5 } }, ['monitoring.pushgateway: Unrecognized key: "timeout"']],
    ['a bad grouping label name', { pushgateway: { url: PG, grouping: { 'my-env': 'prod' } } }, ['monitoring.pushgateway.grouping.my-env: "my-env" is not a Prometheus label name (letters, digits and _, not starting with a digit or __)']],
    ['an empty grouping value', { pushgateway: { url: PG, grouping: { env: '' } } }, ['monitoring.pushgateway.grouping.env: a non-empty value (an empty label value means no label to Prometheus)']],
    ['grouping by a per-series label', { pushgateway: { url: PG, grouping: { check: 'api' } } }, ['monitoring.pushgateway.grouping.check: "check" is not a grouping label: smokeguard sets it per series (use `job` for the job)']],
    ['grouping by job', { pushgateway: { url: PG, grouping: { job: 'x' } } }, ['monitoring.pushgateway.grouping.job: "job" is not a grouping label: smokeguard sets it per series (use `job` for the job)']],
    ['username without password', { pushgateway: { url: PG, username: 'ci' } }, ['monitoring.pushgateway.password: username and password go together (basic auth needs both)']],
    ['credentials given twice', { pushgateway: { url: 'http://ci:pw@127.0.0.1:9091', username: 'ci', password: 'pw' } }, ['monitoring.pushgateway.username: credentials given twice: in the URL and in username/password; keep one']],
    ['a timeout of zero', { pushgateway: { url: PG, timeout_seconds: 0 } }, [expect.stringMatching(/^monitoring\.pushgateway\.timeout_seconds: Too small/)]],
    ['a textfile not ending in .prom', { textfile: '/var/lib/node_exporter/smokeguard.txt' }, ["monitoring.textfile: a path ending in .prom (node_exporter's textfile collector reads only *.prom)"]],
    ['a reserved static label', { textfile: 'x.prom', labels: { instance: 'a', status: 'b' } }, ['monitoring.labels.instance: "instance" is reserved: smokeguard or Prometheus sets it', 'monitoring.labels.status: "status" is reserved: smokeguard or Prometheus sets it']],
    ['a grouping label that contradicts a static label', { labels: { cluster: 'eu-1' }, pushgateway: { url: PG, grouping: { cluster: 'us-1' } } }, ['monitoring.pushgateway.grouping.cluster: "cluster" is also a static label with another value ("eu-1"); the Pushgateway would overwrite it']],
  ])('%s is a config error with its path', (_name, input, expected) => {
    expect(problems(input)).toEqual(expected);
  });

  test('a complete block validates, with defaults applied', () => {
    const r = configSchema.parse({ monitoring: { labels: { cluster: 'eu-1' }, pushgateway: { url: PG, grouping: { cluster: 'eu-1', environment: 'prod' } }, textfile: 'out/smokeguard.prom' } });
    expect(r.monitoring).toEqual({
      labels: { cluster: 'eu-1' },
      pushgateway: { url: PG, job: 'smokeguard', grouping: { cluster: 'eu-1', environment: 'prod' }, timeout_seconds: 5, insecure: false },
      textfile: 'out/smokeguard.prom',
    });
  });
});

describe('pushgatewayUrl', () => {
  test.each([
    ['job only', { url: PG }, `${PG}/metrics/job/smokeguard`],
    ['a path prefix and trailing slash', { url: `${PG}/pushgateway/`, job: 'deploys' }, `${PG}/pushgateway/metrics/job/deploys`],
    ['grouping in name order', { url: PG, grouping: { namespace: 'web', environment: 'prod' } }, `${PG}/metrics/job/smokeguard/environment/prod/namespace/web`],
    ['a value with a slash: base64url', { url: PG, grouping: { service: 'team/api' } }, `${PG}/metrics/job/smokeguard/service@base64/dGVhbS9hcGk`],
    ['a job with a slash', { url: PG, job: 'a/b' }, `${PG}/metrics/job@base64/YS9i`],
    ['characters that need percent-encoding', { url: PG, grouping: { env: 'prod eu?#' } }, `${PG}/metrics/job/smokeguard/env/prod%20eu%3F%23`],
    ['credentials are not in the URL', { url: 'http://ci:s3cret-pw@127.0.0.1:9091' }, `${PG}/metrics/job/smokeguard`],
  ])('%s', (_name, input, url) => {
    expect(pushgatewayUrl(pushgatewaySchema().parse(input))).toBe(url);
  });
});
