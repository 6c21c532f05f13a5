import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const dir = fileURLToPath(new URL('./fixtures/summary-reporter/', import.meta.url));
const vitest = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));

it('a file whose beforeAll throws counts as failed in the plain line CI reads, never "0 failed"', () => {
  const res = spawnSync(process.execPath, [vitest, 'run', '--root', dir, '--config', 'vitest.config.ts'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: '1' } });
  expect(res.status).toBe(1);
  expect(res.stdout.trim().split('\n').at(-1)).toBe('1 passed, 1 failed, 2 skipped');
});
