import { describe, expect, it } from 'vitest';
import { health, run } from '../../test/helpers/result-builder.js';
import { render as renderJunit } from '../reporters/junit.js';
import { render as renderMarkdown } from '../reporters/markdown.js';
import { assertStatus, describeStatusExpectation } from './status.js';

describe('status assertion', () => {
  it.each([
    { expected: 200, shown: 200 },
    { expected: '200', shown: 200 },
    { expected: '2xx', shown: '2xx' },
    { expected: [200, 204], shown: '200 or 204' },
  ])('expects $expected: recorded as $shown', ({ expected, shown }) => {
    expect(describeStatusExpectation(expected)).toStrictEqual(shown);
  });

  it('a number is never quoted in the reports: expected 200, got 503', () => {
    const ready = health('readiness', '/health/ready').with({ assertions: [assertStatus('200', 503)] }).fails(503);
    const result = run([ready]);
    expect(renderJunit(result)).toContain('Assertion status: expected 200, got 503');
    expect(renderMarkdown(result)).toContain('- assertion status: expected `200`, got `503`');
  });
});
