import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

// The built module (npm test builds first): a fresh process runs what ships.
const loader = fileURLToPath(new URL('../../dist/util/load-pg.js', import.meta.url));

/** In a fresh process: what loading pg costs is what it loads. */
function loadIn(code: string): { builtins: string[]; navigator: string } {
  const script = `
    ${code}
    const builtins = process.moduleLoadList.filter((m) => /undici|fetch/.test(m));
    console.log(JSON.stringify({ builtins, navigator: typeof globalThis.navigator }));`;
  const res = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', cwd: fileURLToPath(new URL('../..', import.meta.url)) });
  if (res.status !== 0) throw new Error(res.stderr);
  return JSON.parse(res.stdout.trim().split('\n').pop()!);
}

it('on Node 20, pg loads without Node 20 loading its internal fetch (undici), and leaves no navigator behind', () => {
  const plain = loadIn(`await import('pg');`);
  expect(plain.builtins.length).toBeGreaterThan(0); // the probe this avoids: the test can see it
  const ours = loadIn(`const { loadPg } = await import(${JSON.stringify(loader)}); const pg = loadPg(); if (typeof pg.Client !== 'function') throw new Error('no Client');`);
  expect(ours).toEqual({ builtins: [], navigator: 'undefined' });
});
