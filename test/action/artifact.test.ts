import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendIds, filesIn, zip } from '../../action/artifact.mjs';
import { runtimeToken } from '../helpers/simulators/actions-artifacts.js';

/** The pieces of the action's artifact upload: the job's ids from the token, the zip Info-ZIP must read. */
const run = promisify(execFile);
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'smokeguard-zip-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('backendIds', () => {
  it('reads the run and job ids from the runtime token\'s Actions.Results scope', () => {
    expect(backendIds(runtimeToken('run-1', 'job-2'))).toEqual({ run: 'run-1', job: 'job-2' });
  });

  it('a token without that scope, or not a JWT, is said plainly', () => {
    const claims = Buffer.from(JSON.stringify({ scp: 'Actions.GenericRead:abc' })).toString('base64url');
    expect(() => backendIds(`e30.${claims}.sig`)).toThrow('the runtime token carries no Actions.Results scope');
    expect(() => backendIds('not-a-jwt')).toThrow('the runtime token carries no Actions.Results scope');
  });
});

describe('zip', () => {
  it('writes an archive Info-ZIP tests clean and extracts byte for byte: nested folders, UTF-8 names, empty and large files', async () => {
    const src = join(dir, 'reports');
    await mkdir(join(src, 'screens'), { recursive: true });
    const big = Buffer.from(Array.from({ length: 20_000 }, (_, i) => `line ${i} ${'x'.repeat(i % 50)}\n`).join(''));
    await writeFile(join(src, 'data.json'), '{"verdict":"passed"}');
    await writeFile(join(src, 'empty.txt'), '');
    await writeFile(join(src, 'screens', 'phone – überblick.md'), '# ✓');
    await writeFile(join(src, 'big.log'), big);
    const files = filesIn(src) as { name: string; data: Buffer }[];
    expect(files.map((f) => f.name)).toEqual(['big.log', 'data.json', 'empty.txt', 'screens/phone – überblick.md']);
    const archive = join(dir, 'reports.zip');
    await writeFile(archive, zip(files));
    await run('unzip', ['-tq', archive]);
    const out = join(dir, 'out');
    await run('unzip', ['-q', archive, '-d', out]);
    for (const f of files) expect((await readFile(join(out, f.name))).equals(f.data), f.name).toBe(true);
  });
});

describe('the action ships without dependencies', () => {
  it('every action/*.mjs imports only Node built-ins and its own files: it runs from a plain checkout of the tag', async () => {
    const { readdir } = await import('node:fs/promises');
    const root = join(import.meta.dirname, '../../action');
    const specifiers: string[] = [];
    for (const file of (await readdir(root)).filter((f) => f.endsWith('.mjs'))) {
      const text = await readFile(join(root, file), 'utf8');
      for (const m of text.matchAll(/^import\s[^'"]*['"]([^'"]+)['"]/gm)) specifiers.push(m[1]!);
    }
    expect(specifiers.length).toBeGreaterThan(5);
    expect(specifiers.filter((s) => !s.startsWith('node:') && !/^\.\/[\w-]+\.mjs$/.test(s))).toEqual([]);
  });
});
