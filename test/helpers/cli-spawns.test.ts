import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The end-to-end tests fail on any Node process warning (issue 10): runCli and runProcess check
 * what every process they run printed. A test that spawns the built CLI itself (to signal it, or
 * to read it while it runs) must check too, with expectNoNodeWarning. This keeps it so: a file
 * that spawns a process on its own and names the CLI's bundle calls expectNoNodeWarning.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const HELPER = 'test/helpers/cli.ts';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'fixtures' ? [] : sources(path);
    return /\.ts$/.test(e.name) ? [path] : [];
  });
}

/** True when `text` spawns processes itself (node:child_process) and one of them may be the CLI. */
export function spawnsCliUnchecked(text: string): boolean {
  const spawnsItself = /from 'node:child_process'/.test(text);
  const namesCli = /\[\s*CLI\b|\$\{CLI\}|[{,]\s*CLI\s*[,}]|smokeguard\.cjs/.test(text);
  return spawnsItself && namesCli && !/\bexpectNoNodeWarning\(/.test(text);
}

describe('every spawn of the CLI is checked for Node warnings', () => {
  it('the detector sees a direct spawn without the check, and accepts one with it', () => {
    const spawnLine = "import { spawn } from 'node:child_process';\nimport { CLI } from '../helpers/cli.js';\nspawn(process.execPath, [CLI, 'run']);\n";
    expect(spawnsCliUnchecked(spawnLine)).toBe(true);
    expect(spawnsCliUnchecked(`${spawnLine}expectNoNodeWarning(stderr);\n`)).toBe(false);
    expect(spawnsCliUnchecked("import { runCli } from '../helpers/cli.js';\nawait runCli(['run']);\n")).toBe(false);
  });

  it('no test or helper spawns the CLI without it', () => {
    const files = [...sources(join(ROOT, 'test')), ...sources(join(ROOT, 'src')).filter((f) => f.endsWith('.test.ts'))]
      .map((f) => relative(ROOT, f))
      .filter((f) => f !== HELPER && f !== 'test/helpers/cli-spawns.test.ts');
    expect(files.length).toBeGreaterThan(100);
    expect(files.filter((f) => spawnsCliUnchecked(readFileSync(join(ROOT, f), 'utf8')))).toEqual([]);
  });
});
