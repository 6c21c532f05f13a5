/**
 * The commit under test, from the variables CI systems set for every job: the version "the CI
 * integration hook provides" without a flag. The first one set wins.
 */
export const CI_COMMIT_VARIABLES = ['GITHUB_SHA', 'CI_COMMIT_SHA', 'BUILDKITE_COMMIT', 'CIRCLE_SHA1', 'BITBUCKET_COMMIT', 'GIT_COMMIT'] as const;

export function ciCommit(env: Readonly<Record<string, string | undefined>>): string | undefined {
  for (const name of CI_COMMIT_VARIABLES) {
    const value = env[name]?.trim();
    if (value && /^[0-9a-f]{7,64}$/i.test(value)) return value;
  }
  return undefined;
}
