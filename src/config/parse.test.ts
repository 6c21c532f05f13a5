import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { parseConfigText } from './parse.js';

async function problems(text: string, file: string) {
  try {
    await parseConfigText(text, file);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('parsed without a problem');
}

describe('a missing closing bracket is one error, at the line that opened it', () => {
  it.each([
    ['JSON: an object inside a list', 'c.json', '{\n  "health_checks": [\n    { "name": "a", "endpoint": "/h"\n  ]\n}\n', 3, 5, '{'],
    ['JSON: the file\'s last }', 'c.json', '{\n  "health_checks": [\n    { "name": "a", "endpoint": "/h" }\n  ]\n', 1, 1, '{'],
    ['JSON: a list', 'c.json', '{\n  "depends_on": ["a", "b"\n}\n', 2, 17, '['],
    ['YAML: a flow map', 'c.yaml', 'health_checks:\n  - { name: a, endpoint: /h\n  - name: b\n    endpoint: /x\n', 2, 5, '{'],
  ])('%s', async (_name, file, text, line, column, char) => {
    expect(await problems(text, file)).toEqual([{ path: '', line, column, message: expect.stringContaining(`the "${char}" opened here is never closed`) }]);
  });

  it('a missing comma is still named as such, where it is', async () => {
    expect(await problems('{\n  "a": 1\n  "b": 2\n}\n', 'c.json')).toEqual([{ path: '', line: 3, column: 3, message: expect.stringMatching(/^malformed JSON: Expected ',' or '}' after property value/) }]);
  });

  it('a string containing brackets does not count', async () => {
    expect(await problems('{\n  "a": "{[",\n  "b": {\n', 'c.json')).toEqual([{ path: '', line: 3, column: 8, message: expect.stringContaining('never closed') }]);
  });
});
