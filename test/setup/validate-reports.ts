/**
 * Every report.json a test writes is valid against the published schema (issue 10), not only
 * those a test happens to read: each test file gets a temporary directory of its own (TMPDIR,
 * which os.tmpdir() and the temp folders of the tests follow), and after each test every
 * report.json written there since — by the built CLI, the GitHub Action, a shell script from the
 * docs or the library — is checked as expectValidReport checks it (test/helpers/report-json.ts).
 * Loaded for every test file by vitest.config.ts (setupFiles).
 */
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';

const root = mkdtempSync(join(tmpdir(), 'smokeguard-tests-'));
// As /tmp itself: a test that runs something as another user (nobody) may create files here.
chmodSync(root, 0o1777);
process.env.TMPDIR = root;

/** report.json files under `dir` (not inside node_modules), at most `depth` folders down. */
export function reportFiles(dir: string, depth = 8): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return []; // removed meanwhile, or not ours to read
  }
  return entries.flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return depth > 0 && e.name !== 'node_modules' ? reportFiles(path, depth - 1) : [];
    return e.isFile() && e.name === 'report.json' ? [path] : [];
  });
}

const checked = new Map<string, number>();

afterEach(async () => {
  const fresh = reportFiles(root).filter((file) => {
    const mtime = statSync(file, { throwIfNoEntry: false })?.mtimeMs;
    if (mtime === undefined || checked.get(file) === mtime) return false;
    checked.set(file, mtime);
    return true;
  });
  if (!fresh.length) return;
  // Loaded only when a test wrote a report: most test files never do.
  const { reportProblems } = await import('../helpers/report-json.js');
  for (const file of fresh) {
    let report: unknown;
    try {
      report = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new Error(`${file}: a report.json the test wrote is not JSON: ${(err as Error).message}`);
    }
    const problems = reportProblems(report);
    if (problems.length) throw new Error(`${file}: a report.json the test wrote does not fit the published schema (smokeguard schema --report):\n  ${problems.join('\n  ')}`);
  }
});

// The file's temporary folders go with it (registered first, so this runs after the file's own afterAll).
afterAll(() => {
  try {
    rmSync(root, { recursive: true, force: true, maxRetries: 2 });
  } catch {
    /* something still holds a file there: left for the system's tmp cleaning */
  }
});
