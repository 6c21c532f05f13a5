import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

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

  it('every runtime dependency is imported by the shipped code: what only tests use is a devDependency', () => {
    expect(Object.keys(pkg.dependencies).filter((name) => !imported(name))).toEqual([]);
  });

  it('the gRPC libraries (used by a test helper only) are devDependencies', () => {
    expect(Object.keys(pkg.dependencies).filter((n) => n.startsWith('@grpc/'))).toEqual([]);
    expect(Object.keys(pkg.devDependencies)).toEqual(expect.arrayContaining(['@grpc/grpc-js', '@grpc/proto-loader']));
  });
});
