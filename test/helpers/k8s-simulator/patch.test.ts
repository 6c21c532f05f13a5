import { describe, expect, it } from 'vitest';
import { jsonPatch, mergePatch, PatchError, strategicMergePatch, type Json } from './patch.js';

const pod: Json = { spec: { containers: [{ name: 'web', image: 'a:1', env: [{ name: 'X', value: '1' }] }, { name: 'proxy', image: 'p:1' }] } };

describe('strategic merge patch (what kubectl set image sends)', () => {
  it.each<[string, Json, Json]>([
    ['merges containers by name', { spec: { containers: [{ name: 'web', image: 'a:2' }] } },
      { spec: { containers: [{ name: 'web', image: 'a:2', env: [{ name: 'X', value: '1' }] }, { name: 'proxy', image: 'p:1' }] } }],
    ['$setElementOrder reorders', { spec: { '$setElementOrder/containers': [{ name: 'proxy' }, { name: 'web' }], containers: [{ name: 'web', image: 'a:3' }] } },
      { spec: { containers: [{ name: 'proxy', image: 'p:1' }, { name: 'web', image: 'a:3', env: [{ name: 'X', value: '1' }] }] } }],
    ['$patch: delete removes a list element', { spec: { containers: [{ name: 'proxy', $patch: 'delete' }] } },
      { spec: { containers: [{ name: 'web', image: 'a:1', env: [{ name: 'X', value: '1' }] }] } }],
    ['$patch: replace replaces a map', { spec: { $patch: 'replace', containers: [{ name: 'only', image: 'o:1' }] } },
      { spec: { containers: [{ name: 'only', image: 'o:1' }] } }],
    ['null deletes a key', { spec: { containers: [{ name: 'web', env: null }] } },
      { spec: { containers: [{ name: 'web', image: 'a:1' }, { name: 'proxy', image: 'p:1' }] } }],
  ])('%s', (_name, patch, expected) => {
    expect(strategicMergePatch(pod, patch)).toEqual(expected);
  });

  it('a list element without its merge key is rejected', () => {
    expect(() => strategicMergePatch(pod, { spec: { containers: [{ image: 'x' }] } })).toThrow(PatchError);
  });
});

describe('JSON merge patch and JSON patch', () => {
  it('merge patch replaces lists whole', () => {
    expect(mergePatch(pod, { spec: { containers: [{ name: 'x' }] } })).toEqual({ spec: { containers: [{ name: 'x' }] } });
  });

  it.each<[string, Json, Json | RegExp]>([
    ['replace the template (kubectl rollout undo)', [{ op: 'replace', path: '/spec/containers/0/image', value: 'a:0' }], { spec: { containers: [{ name: 'web', image: 'a:0', env: [{ name: 'X', value: '1' }] }, { name: 'proxy', image: 'p:1' }] } }],
    ['add with an escaped key', [{ op: 'add', path: '/meta', value: {} }, { op: 'add', path: '/meta/a~1b', value: 'v' }], { ...(pod as object), meta: { 'a/b': 'v' } } as Json],
    ['remove', [{ op: 'remove', path: '/spec/containers/1' }], { spec: { containers: [{ name: 'web', image: 'a:1', env: [{ name: 'X', value: '1' }] }] } }],
    ['a failed test stops the patch', [{ op: 'test', path: '/spec/containers/0/image', value: 'nope' }], /testing value/],
    ['replace of a missing path fails', [{ op: 'replace', path: '/status/x', value: 1 }], /missing/],
  ])('%s', (_name, ops, expected) => {
    if (expected instanceof RegExp) expect(() => jsonPatch(pod, ops)).toThrow(expected);
    else expect(jsonPatch(pod, ops)).toEqual(expected);
  });
});
