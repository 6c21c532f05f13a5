import { describe, expect, it } from 'vitest';
import { CHECK_TYPES } from '../checks/registry.js';
import { configSchemaFor, fullConfigSchema } from './lazy-schema.js';

/**
 * `configSchemaFor(data)` builds only the sections a config has and the check types it names (the
 * run's start-up cost); it must judge every config exactly as the whole schema does.
 */
const issuesOf = (result: { success: boolean; error?: { issues: unknown[] } }) =>
  // The discriminator's own message lists the union's types; the loader words it from the full list.
  (result.error?.issues ?? []).map((i) => ({ ...(i as Record<string, unknown>), message: (i as { note?: string }).note === 'No matching discriminator' ? '' : (i as { message: string }).message, options: undefined }));

const CONFIGS: Array<[string, Record<string, unknown>]> = [
  ['empty', {}],
  ['the seed', { health_checks: [{ name: 'h', endpoint: '/health', expected_status: 200 }], dependency_checks: [{ name: 'db', type: 'postgres', query: 'SELECT 1' }, { name: 'cache', type: 'redis' }], critical_paths: [{ name: 'p', steps: [{ method: 'GET', endpoint: '/' }] }], rollback_strategy: { type: 'previous-image', notify_channels: ['ops'] } }],
  ['an unknown type among known ones', { dependency_checks: [{ name: 'db', type: 'postgres' }, { name: 'x', type: 'redis-cluster' }] }],
  ['only unknown types', { dependency_checks: [{ name: 'x', type: 'mongo' }, { name: 'y' }] }],
  ['a wrong option of a used type', { dependency_checks: [{ name: 'db', type: 'mysql', port: 'x', qeury: 'SELECT 1' }] }],
  ['every section, one wrong field each', {
    notifications: { channels: { ops: { type: 'slack', webhook_url: 'ftp://x' } } },
    monitoring: { textfile: 'x.txt' },
    watch: { interval_seconds: -1, compare: { alpha: 2 } },
    dashboard: { url: 'nope', slower: { severity: 'loud' } },
    deployment: { name: 'Bad Name' },
    environments: { prod: { base_url: 1, deployment: { namespace: 'Bad' } } },
    headers: { a: 1 },
    variables: { '1x': 'y' },
  }],
  ['a valid full config', {
    base_url: 'http://127.0.0.1', headers: { a: 'b' }, variables: { v: 'w' },
    environments: { prod: { base_url: 'http://prod' } }, deployment: { name: 'api' },
    notifications: { channels: { ops: { type: 'slack', webhook_url: 'https://hooks.slack.com/services/T/B/x' } } },
    monitoring: { textfile: 'x.prom' }, watch: { compare: {} }, dashboard: { url: 'http://d:3000' },
    dependency_checks: [{ name: 't', type: 'tcp', host: 'h', port: 1 }, { name: 'd', type: 'dns', host: 'h' }],
  }],
  ['sections of the wrong kind', { notifications: 'x', monitoring: [], critical_paths: {}, dependency_checks: 'x', rollback_strategy: null }],
];

describe('the schema built for a config judges it as the whole schema does', () => {
  it.each(CONFIGS)('%s', (_name, config) => {
    const partial = configSchemaFor(config).safeParse(config);
    const full = fullConfigSchema().safeParse(config);
    expect(partial.success).toBe(full.success);
    expect(partial.data).toEqual(full.data);
    expect(issuesOf(partial)).toEqual(issuesOf(full));
  });

  it('builds only the check types a config names', () => {
    const shape = (configSchemaFor({ dependency_checks: [{ name: 'db', type: 'postgres' }] }).shape.dependency_checks as unknown as { unwrap(): { element: { options: unknown[] } } }).unwrap().element.options;
    expect(shape).toHaveLength(1);
    expect(CHECK_TYPES.length).toBeGreaterThan(10);
  });
});
