import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string>; overrides?: Record<string, string> };

/** The source smokeguard ships (src/, tests excluded). */
function shippedSource(dir = join(ROOT, 'src')): string {
  return readdirSync(dir, { withFileTypes: true }).map((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return shippedSource(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? readFileSync(path, 'utf8') : '';
  }).join('\n');
}

describe('package.json', () => {
  const source = shippedSource();
  const imported = (name: string): boolean => new RegExp(`(?:from |import\\()'${name.replace(/[/.]/g, '\\$&')}(?:/[^']*)?'`).test(source);

  it('every runtime dependency is imported by the shipped code (or pins an override, below): what only tests use is a devDependency', () => {
    expect(Object.keys(pkg.dependencies).filter((name) => !imported(name) && !(name in (pkg.overrides ?? {})))).toEqual([]);
  });

  it('every override is also a dependency at the same version: npm applies overrides only to the root project, not to a project that installs smokeguard', () => {
    // light-my-request 6.8 (under fastify) pulls cookie 2, whose engines is node >=22: without
    // the pin, `npm install smokeguard-0.1.0.tgz` on Node 20 warns EBADENGINE.
    const overrides = Object.entries(pkg.overrides ?? {});
    expect(overrides.filter(([name, version]) => pkg.dependencies[name] !== version)).toEqual([]);
  });

  it('the gRPC libraries (used by a test helper only) are devDependencies', () => {
    expect(Object.keys(pkg.dependencies).filter((n) => n.startsWith('@grpc/'))).toEqual([]);
    expect(Object.keys(pkg.devDependencies)).toEqual(expect.arrayContaining(['@grpc/grpc-js', '@grpc/proto-loader']));
  });
});

/** Every file under `dir`, relative to the repository root. */
function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

describe('the published package', () => {
  it('ships every deployment recipe under the folder that names it: deploy/ (kubernetes, docker, make), action.yml and action/', async () => {
    // What `npm publish` would upload: `npm pack --dry-run` lists it without building or writing anything.
    const { stdout } = await promisify(execFile)('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, timeout: 60_000 });
    const packed = new Set((JSON.parse(stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path));
    const recipes = [...filesUnder('deploy'), ...filesUnder('action'), 'action.yml'];
    for (const folder of ['deploy/kubernetes/base/', 'deploy/kubernetes/overlays/', 'deploy/docker/', 'deploy/make/', 'action/']) {
      expect(recipes.some((f) => f.startsWith(folder)), folder).toBe(true);
    }
    expect(recipes.filter((f) => !packed.has(f)), 'recipes missing from the package').toEqual([]);
    // The action's entry is the file action.yml names, and it is in the package.
    expect(readFileSync(join(ROOT, 'action.yml'), 'utf8')).toMatch(/^\s+main: action\/main\.mjs$/m);
    expect(packed.has('action/main.mjs')).toBe(true);
  }, 60_000);
});
