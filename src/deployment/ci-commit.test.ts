import { describe, expect, it } from 'vitest';
import { ciCommit } from './ci-commit.js';

describe('ciCommit', () => {
  it.each<[string, Record<string, string>, string | undefined]>([
    ['GitHub Actions', { GITHUB_SHA: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678' }, 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678'],
    ['GitLab CI', { CI_COMMIT_SHA: '0123456789abcdef0123456789abcdef01234567' }, '0123456789abcdef0123456789abcdef01234567'],
    ['GitHub first when both are set', { CI_COMMIT_SHA: 'bbbbbbb', GITHUB_SHA: 'aaaaaaa' }, 'aaaaaaa'],
    ['not a commit id: ignored', { GITHUB_SHA: 'main; rm -rf /' }, undefined],
    ['nothing set', {}, undefined],
  ])('%s', (_name, env, expected) => {
    expect(ciCommit(env)).toBe(expected);
  });
});
