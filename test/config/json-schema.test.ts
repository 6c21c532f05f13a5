import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { configJsonSchema } from '../../src/config/lazy-schema.js';

const ROOT = resolve(import.meta.dirname, '../..');
const validate = new Ajv2020({ strict: false, allErrors: true }).compile(configJsonSchema());

/**
 * The JSON Schema `smokeguard schema` publishes is what editors check a config against: every
 * shipped example must pass it as written — `${VAR}` references included, which are strings until
 * the run expands them (a 32-character routing key written as `${PAGERDUTY_ROUTING_KEY}`).
 */
describe('the published config JSON Schema', () => {
  it.each(['examples/seed/smoke-test-hook.json', 'examples/demo/smokeguard.yaml', 'examples/production/smokeguard.yaml'])('accepts %s as written', (file) => {
    const data: unknown = parse(readFileSync(resolve(ROOT, file), 'utf8'));
    const ok = validate(data);
    expect(ok ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message}`)).toEqual([]);
  });

  it('still rejects what is wrong without a variable: a routing key of the wrong length, an unknown TLS mode', () => {
    const bad = { health_checks: [{ name: 'h', endpoint: '/h' }], notifications: { channels: { pd: { type: 'pagerduty', routing_key: 'short' }, mail: { type: 'email', host: 'smtp', from: 'a@b.c', to: 'd@e.f', tls: 'sometimes' } } } };
    expect(validate(bad)).toBe(false);
    const paths = validate.errors!.map((e) => e.instancePath);
    expect(paths).toEqual(expect.arrayContaining(['/notifications/channels/pd/routing_key', '/notifications/channels/mail/tls']));
  });
});
