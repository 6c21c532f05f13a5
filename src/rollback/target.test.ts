import { describe, expect, it } from 'vitest';
import { resolveTarget } from './target.js';

const config = { deployment: { name: 'django', namespace: 'prod', container: 'web', context: 'ctx', kubeconfig: '/k' } };

describe('resolveTarget', () => {
  it.each([
    ['config alone', config, {}, {}, { deployment: 'django', namespace: 'prod', containers: ['web'], context: 'ctx', kubeconfig: '/k' }],
    ['flags override config', config, { deployment: 'api', namespace: 'staging', container: 'a,b' }, {}, { deployment: 'api', namespace: 'staging', containers: ['a', 'b'] }],
    ['env overrides config', config, {}, { SMOKEGUARD_DEPLOYMENT: 'api', SMOKEGUARD_NAMESPACE: 'qa' }, { deployment: 'api', namespace: 'qa' }],
    ['flags override env', {}, { deployment: 'flag' }, { SMOKEGUARD_DEPLOYMENT: 'env', SMOKEGUARD_NAMESPACE: 'qa' }, { deployment: 'flag', namespace: 'qa', containers: [] }],
    ['env alone, default namespace', {}, {}, { SMOKEGUARD_DEPLOYMENT: 'django' }, { deployment: 'django', namespace: 'default', containers: [] }],
  ])('%s', (_name, cfg, overrides, env, expected) => {
    const r = resolveTarget(cfg as never, overrides, env);
    expect(r.kind).toBe('target');
    expect(r.kind === 'target' && r.target).toMatchObject(expected);
  });

  it('no deployment anywhere is "missing" with what to set', () => {
    const r = resolveTarget({}, {}, { SMOKEGUARD_DEPLOYMENT: '  ' });
    expect(r).toEqual({ kind: 'missing', hint: expect.stringContaining('SMOKEGUARD_DEPLOYMENT') });
  });

  it('invalid names are reported, every one', () => {
    const r = resolveTarget({}, { deployment: 'Django', namespace: 'prod_1', container: 'ok,Bad' }, {});
    expect(r.kind === 'invalid' && r.problems).toHaveLength(3);
  });
});
