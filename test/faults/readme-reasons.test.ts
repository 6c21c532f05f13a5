import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { closedPort, startSilentServer } from '../helpers/silent-server.js';
import { runFault } from './harness.js';

/**
 * The README's warning example is what smokeguard prints: the same run against a silent liveness
 * endpoint and a refused Redis, compared line by line once addresses and seconds are masked.
 */
const README = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
const mask = (line: string) => line.replace(/\b\d{1,3}(\.\d{1,3}){3}:\d+/g, 'HOST:PORT').replace(/\b\d+(\.\d+)? s\b/g, 'N s');

let silent: Awaited<ReturnType<typeof startSilentServer>>;
let refused: number;
beforeAll(async () => {
  [silent, refused] = await Promise.all([startSilentServer(), closedPort()]);
});
afterAll(() => silent.close());

it('the README\'s "Optional failures only warn" lines match the output', async () => {
  const run = await runFault({
    base_url: silent.url('http'),
    health_checks: [{ name: 'liveness', endpoint: '/health/live', timeout_seconds: 1, required: false }],
    dependency_checks: [{ name: 'redis-cache', type: 'redis', url: `redis://127.0.0.1:${refused}`, timeout_seconds: 1, required: false }],
  });
  expect(run.code).toBe(0);
  const example = README.split('\n').filter((l) => /^- (liveness|redis-cache): /.test(l)).map(mask);
  const printed = run.stdout.split('\n').filter((l) => /^- (liveness|redis-cache): /.test(l)).map(mask);
  expect(example).toHaveLength(2);
  expect(printed).toEqual(example);
});
