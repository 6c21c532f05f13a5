import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseLedger, type AttemptLedger } from './attempts.js';

/**
 * Lock and attempt ledger in the state dir, for a `command` strategy that runs where smokeguard
 * has no cluster access. Same guarantees as the Lease and the annotation, on one machine or a
 * shared volume.
 */

function key(namespace: string, deployment: string): string {
  return `${namespace}.${deployment}`;
}

export async function readLocalLedger(stateDir: string, namespace: string, deployment: string): Promise<AttemptLedger> {
  try {
    return parseLedger(await readFile(join(stateDir, 'attempts', `${key(namespace, deployment)}.json`), 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { failed: {} };
    throw err;
  }
}

export async function writeLocalLedger(stateDir: string, namespace: string, deployment: string, ledger: AttemptLedger): Promise<void> {
  const dir = join(stateDir, 'attempts');
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${key(namespace, deployment)}.json`);
  await writeFile(`${path}.tmp`, JSON.stringify(ledger, null, 2) + '\n');
  await rename(`${path}.tmp`, path);
}

export type LocalLock = { acquired: true; release: () => Promise<void> } | { acquired: false; holder: string; since?: string };

/** An exclusive-create lock file; one left behind by a crashed run expires after `durationSeconds`. */
export async function acquireLocalLock(stateDir: string, namespace: string, deployment: string, holder: string, durationSeconds: number): Promise<LocalLock> {
  const dir = join(stateDir, 'locks');
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${key(namespace, deployment)}.lock`);
  const body = JSON.stringify({ holder, at: new Date().toISOString(), expires: Date.now() + durationSeconds * 1000 });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const file = await open(path, 'wx');
      await file.writeFile(body);
      await file.close();
      return { acquired: true, release: () => rm(path, { force: true }) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const current = JSON.parse(await readFile(path, 'utf8').catch(() => '{}')) as { holder?: string; at?: string; expires?: number };
      if (typeof current.expires === 'number' && current.expires < Date.now()) {
        await rm(path, { force: true });
        continue;
      }
      return { acquired: false, holder: current.holder ?? 'another run', since: current.at };
    }
  }
  return { acquired: false, holder: 'another run' };
}
