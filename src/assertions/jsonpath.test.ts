import { describe, expect, it } from 'vitest';
import { queryJson } from './jsonpath.js';

const doc = { data: { id: 7, tags: ['a', 'b'] }, checks: [{ name: 'db', status: 'down' }, { name: 'cache', status: 'up' }], zero: 0, nothing: null };

describe('queryJson', () => {
  it.each([
    ['$.data.id', { found: true, value: 7 }],
    ['$.data.tags[1]', { found: true, value: 'b' }],
    ['$.zero', { found: true, value: 0 }],
    ['$.nothing', { found: true, value: null }],
    ['$.data.missing', { found: false, value: undefined }],
    ["$.checks[?(@.name=='db')].status", { found: true, value: 'down' }],
    ['$.checks[?(@.status=="up")].name', { found: true, value: 'cache' }],
    ['$.checks[?(@.name=="none")].status', { found: false, value: undefined }],
  ])('%s', async (path, expected) => {
    expect(await queryJson(doc, path)).toEqual(expected);
  });

  it('a filter that tries to run code is refused, with a reason', async () => {
    const out = await queryJson(doc, '$..[?(@.constructor.constructor("return process")().exit())]');
    expect(out.found).toBe(false);
    expect(out.error).toMatch(/^JSONPath .* cannot be evaluated: /);
  });

  it('no document: not found', async () => {
    expect(await queryJson(undefined, '$.a')).toEqual({ found: false, value: undefined });
  });
});
