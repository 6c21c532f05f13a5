import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeApproval } from '../../src/rollback/approval-store.js';
import { acquireLocalLock, writeLocalLedger } from '../../src/rollback/local-state.js';

/**
 * The local (file) rollback lock, for a command strategy without cluster access: 20 real
 * processes race for a lock that a crashed run left behind (expired). Each racer is the built
 * library in its own Node process, released at the same instant by a start file.
 */
const DIST = resolve(import.meta.dirname, '../../dist');
const RACER = resolve(import.meta.dirname, 'fixtures/lock-racer.mjs');
const RACERS = 20;

async function race(mode: 'lock' | 'rollback', stateDir: string, log = ''): Promise<Array<Record<string, unknown>>> {
  const go = join(stateDir, 'go');
  let ready = 0;
  let allReady: () => void = () => {};
  const started = new Promise<void>((r) => (allReady = r));
  const children = Array.from({ length: RACERS }, () => new Promise<Record<string, unknown>>((done, fail) => {
    const child = spawn(process.execPath, [RACER, DIST, stateDir, go, mode, log], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => {
      err += d;
      if (String(d).includes('ready') && ++ready === RACERS) allReady();
    });
    child.on('close', (code) => (code === 0 ? done(JSON.parse(out)) : fail(new Error(`racer exited ${code}: ${err}`))));
  }));
  // Every racer loaded and waiting at the start line: release them together.
  await started;
  await writeFile(go, '');
  return Promise.all(children);
}

async function expiredLock(stateDir: string): Promise<void> {
  await mkdir(join(stateDir, 'locks'), { recursive: true });
  await writeFile(join(stateDir, 'locks', 'prod.django.lock'), JSON.stringify({ holder: 'crashed-run', at: '2026-01-01T00:00:00Z', expires: Date.now() - 60_000, token: 'stale' }));
}

describe('local rollback lock', () => {
  it(`${RACERS} processes racing for an expired lock: exactly one gets it`, async () => {
    const state = await mkdtemp(join(tmpdir(), 'smokeguard-lockrace-'));
    await expiredLock(state);
    const results = await race('lock', state);
    expect(results.filter((r) => r.acquired === true)).toHaveLength(1);
  }, 60_000);

  it(`${RACERS} processes racing to roll back (command strategy): exactly one rollback`, async () => {
    const state = await mkdtemp(join(tmpdir(), 'smokeguard-rollbackrace-'));
    await expiredLock(state);
    const log = join(state, 'rollbacks.log');
    const results = await race('rollback', state, log);
    expect((await readFile(log, 'utf8')).trim().split('\n')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'succeeded')).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 'succeeded')) expect(['locked_by_other_run', 'skipped_limit']).toContain(r.status);
  }, 60_000);

  it(`a takeover that died between its marker and its rename blocks nobody: ${RACERS} processes, exactly one gets the lock`, async () => {
    const state = await mkdtemp(join(tmpdir(), 'smokeguard-lockstale-'));
    await expiredLock(state);
    // The crashed taker's marker, two minutes old: the lock still carries the token it meant to replace.
    const marker = join(state, 'locks', 'prod.django.lock.takeover.stale');
    await writeFile(marker, '');
    const past = new Date(Date.now() - 120_000);
    await utimes(marker, past, past);
    const results = await race('lock', state);
    expect(results.filter((r) => r.acquired === true)).toHaveLength(1);
  }, 60_000);

  it('a takeover in progress (a fresh marker) is left to finish', async () => {
    const state = await mkdtemp(join(tmpdir(), 'smokeguard-lockfresh-'));
    await expiredLock(state);
    await writeFile(join(state, 'locks', 'prod.django.lock.takeover.stale'), '');
    expect(await acquireLocalLock(state, 'prod', 'django', 'run-b', 60)).toMatchObject({ acquired: false });
  });

  it('a lock released by its holder is free again; one still held is not', async () => {
    const state = await mkdtemp(join(tmpdir(), 'smokeguard-lock-'));
    const a = await acquireLocalLock(state, 'prod', 'django', 'run-a', 60);
    expect(await acquireLocalLock(state, 'prod', 'django', 'run-b', 60)).toMatchObject({ acquired: false, holder: 'run-a' });
    if (a.acquired) await a.release();
    expect((await acquireLocalLock(state, 'prod', 'django', 'run-b', 60)).acquired).toBe(true);
  });

  it('approvals, locks and the ledger are private: directories 0700, files 0600', async () => {
    const state = join(await mkdtemp(join(tmpdir(), 'smokeguard-modes-')), 'state');
    const approval = await writeApproval(state, 'run-1', { decision: 'approve', by: 'alice', at: new Date().toISOString() });
    await acquireLocalLock(state, 'prod', 'django', 'run-1', 60);
    await writeLocalLedger(state, 'prod', 'django', { failed: {} });
    const mode = async (p: string) => (await stat(p)).mode & 0o777;
    for (const dir of [state, join(state, 'approvals'), join(state, 'locks'), join(state, 'attempts')]) expect(await mode(dir)).toBe(0o700);
    for (const file of [approval, join(state, 'locks', 'prod.django.lock'), join(state, 'attempts', 'prod.django.json')]) expect(await mode(file)).toBe(0o600);
  });
});
