import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, runProcess } from '../helpers/cli.js';
import { readReportJson } from '../helpers/report-json.js';
import { markWaiting } from '../../src/rollback/approval-store.js';

/**
 * The `command` strategy and a file-based `approve` never talk to a cluster, so they must not
 * load the Kubernetes client: run the built CLI in a process where neither @kubernetes/client-node
 * (imported) nor the CLI's bundled copy of it (dist/bundle/kube-client.cjs, required) can be
 * resolved, and record every attempt to resolve either.
 */
const HOOKS = `
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  if (specifier === '@kubernetes/client-node' || specifier.startsWith('@kubernetes/client-node/')) {
    appendFileSync(process.env.KUBE_ASKED_LOG, specifier + '\\n');
    throw Object.assign(new Error("Cannot find package '" + specifier + "'"), { code: 'ERR_MODULE_NOT_FOUND' });
  }
  return next(specifier, context);
}
`;

/** require() goes through Module._resolveFilename, not the hooks above (Node 20). */
const REGISTER = `
import { appendFileSync } from 'node:fs';
import Module, { register } from 'node:module';
register('./hooks.mjs', import.meta.url);
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (/(^|[\\\\/])kube-client\\.cjs$/.test(request)) {
    appendFileSync(process.env.KUBE_ASKED_LOG, request + '\\n');
    throw Object.assign(new Error("Cannot find module '" + request + "'"), { code: 'MODULE_NOT_FOUND' });
  }
  return resolveFilename.call(this, request, ...rest);
};
`;

let dir: string;
let asked: string;
const node = (args: string[], cwd = dir) => runProcess(process.execPath, ['--import', join(dir, 'register.mjs'), ...args], { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', KUBE_ASKED_LOG: asked } });
const askedFor = async () => (existsSync(asked) ? (await readFile(asked, 'utf8')).trim() : '');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'smokeguard-no-kube-'));
  asked = join(dir, 'asked.log');
  await writeFile(join(dir, 'hooks.mjs'), HOOKS);
  await writeFile(join(dir, 'register.mjs'), REGISTER);
});

describe('without @kubernetes/client-node', () => {
  it('the hook works: importing the client fails there, and the attempt is recorded', async () => {
    const r = await node(['--input-type=module', '-e', "await import('@kubernetes/client-node')"]);
    expect(r.code).not.toBe(0);
    expect(await askedFor()).toBe('@kubernetes/client-node');
    await writeFile(asked, '');
    const bundled = await node(['-e', `require(${JSON.stringify(join(CLI, '..', 'kube-client.cjs'))})`]);
    expect(bundled.code).not.toBe(0);
    expect(await askedFor()).toMatch(/kube-client\.cjs$/);
    await writeFile(asked, '');
  });

  it('a command-strategy rollback runs to its end and never asks for the client', async () => {
    const marker = join(dir, 'rolled-back');
    await writeFile(join(dir, 'smokeguard.json'), JSON.stringify({
      base_url: 'http://127.0.0.1:1', // nothing listens: a critical failure
      health_checks: [{ name: 'api', endpoint: '/health' }],
      deployment: { name: 'django', namespace: 'prod' },
      auto_rollback: { enabled: true, critical_failure_threshold: 1, requires_ops_confirmation: false },
      rollback_strategy: { type: 'command', command: [process.execPath, '-e', "require('fs').writeFileSync(process.argv[1], process.argv[2])", marker, '${deployment}'] },
    }));
    const r = await node([CLI, 'run', '--state-dir', join(dir, 'state'), '--report-dir', join(dir, 'report')]);
    expect(r.stdout).toContain('Rollback complete: deployment/django');
    expect(await readFile(marker, 'utf8')).toBe('django');
    const report = await readReportJson(join(dir, 'report', 'report.json'));
    expect(report.rollback).toMatchObject({ strategy: 'command', deployment: 'django', namespace: 'prod' });
    expect(await askedFor()).toBe('');
  });

  it('a file-based approve records the answer and never asks for the client', async () => {
    // A run waits in that state dir (its record, as a waiting run writes it).
    await markWaiting(join(dir, 'state'), { runId: 'run-no-kube-1', until: new Date(Date.now() + 60_000).toISOString() });
    const r = await node([CLI, 'approve', 'run-no-kube-1', '--state-dir', join(dir, 'state'), '--by', 'alice']);
    expect(r).toMatchObject({ code: 0 });
    expect(r.stdout).toContain('Approved the rollback of run run-no-kube-1 as alice');
    expect(await askedFor()).toBe('');
  });
});
