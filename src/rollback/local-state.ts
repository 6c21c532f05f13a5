import { randomUUID } from 'node:crypto';
import { link, open, readFile, readdir, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { makeDirectory } from '../util/make-directory.js';
import { join } from 'node:path';
import { parseLedger, type AttemptLedger } from './attempts.js';
import { STATE_DIR_MODE, STATE_FILE_MODE } from './defaults.js';

/**
 * Lock and attempt ledger in the state dir, for a `command` strategy that runs where smokeguard
 * has no cluster access. Same guarantees as the Lease and the annotation, on one machine or a
 * shared volume. Everything here is private to the user: directories 0700, files 0600.
 */

function key(namespace: string, deployment: string): string {
  return `${namespace}.${deployment}`;
}

/** Creates `dir` (and parents) private to the user. An existing directory is left as it is. */
export async function privateDir(dir: string): Promise<void> {
  await makeDirectory(dir, STATE_DIR_MODE);
}

/** Writes a whole file atomically (temp file + rename), mode 0600: a reader never sees half of it. */
export async function writePrivateFile(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
  await writeFile(tmp, text, { mode: STATE_FILE_MODE });
  await rename(tmp, path);
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
  await privateDir(stateDir);
  const dir = join(stateDir, 'attempts');
  await privateDir(dir);
  await writePrivateFile(join(dir, `${key(namespace, deployment)}.json`), JSON.stringify(ledger, null, 2) + '\n');
}

export type LocalLock = { acquired: true; release: () => Promise<void> } | { acquired: false; holder: string; since?: string };

interface LockBody {
  holder?: string;
  at?: string;
  expires?: number;
  /** Unique per acquisition: what a takeover of this (expired) lock is keyed on. */
  token?: string;
}

/** Takeover markers older than this are swept (no run waits a day between reading a lock and taking it over). */
const MARKER_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/**
 * Takes the lock file for a deployment, atomically, also when racing many processes:
 *  - a fresh lock is a complete file hard-linked into place (`link` fails if the name exists), so
 *    nobody ever reads half a lock;
 *  - an expired lock (a crashed run's) is taken over only by whoever first creates the takeover
 *    marker named after that lock's unique token (exclusive create); the winner then renames its
 *    own file over it. Everyone else who saw the same expired lock loses the marker race; a taker
 *    that died between its marker and its rename is skipped after a minute (see takeOver).
 */
export async function acquireLocalLock(stateDir: string, namespace: string, deployment: string, holder: string, durationSeconds: number): Promise<LocalLock> {
  await privateDir(stateDir);
  const dir = join(stateDir, 'locks');
  await privateDir(dir);
  const path = join(dir, `${key(namespace, deployment)}.lock`);
  const token = randomUUID();
  const body: LockBody = { holder, at: new Date().toISOString(), expires: Date.now() + durationSeconds * 1000, token };
  const mine = `${path}.${token}.tmp`;
  await writeFile(mine, JSON.stringify(body), { mode: STATE_FILE_MODE });
  const acquired: LocalLock = { acquired: true, release: () => releaseLocalLock(path, token) };
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await link(mine, path);
        return acquired;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const current = await readLock(path);
      if (!current) continue; // released between our link and our read: try again
      const expired = typeof current.expires === 'number' && current.expires < Date.now();
      if (!expired) return { acquired: false, holder: current.holder ?? 'another run', since: current.at };
      const lost = await takeOver(path, current.token);
      if (lost) return lost;
      await rename(mine, path);
      await sweepMarkers(dir);
      return acquired;
    }
    return { acquired: false, holder: 'another run' };
  } finally {
    await rm(mine, { force: true });
  }
}

/** A takeover is one rename after its marker: a marker older than this is a run that died between the two. */
const TAKEOVER_STALE_MS = 60_000;
/** Bounds the generations tried (each one a taker that died mid-takeover). */
const TAKEOVER_GENERATIONS = 8;

/**
 * Wins the right to replace the expired lock `token`, or says who holds it now. The marker is
 * created exclusively, so one run wins; a marker left by a run that died before its rename
 * (older than TAKEOVER_STALE_MS while the lock still carries `token`) is skipped for the next
 * generation's, again created exclusively — the lock is never stuck behind a crash.
 */
async function takeOver(path: string, token: string | undefined): Promise<LocalLock | undefined> {
  for (let generation = 0; generation < TAKEOVER_GENERATIONS; generation++) {
    const marker = `${path}.takeover.${token ?? 'untokened'}${generation ? `.${generation}` : ''}`;
    try {
      await (await open(marker, 'wx', STATE_FILE_MODE)).close();
      return undefined;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const now = await readLock(path);
    const age = await stat(marker).then((info) => Date.now() - info.mtimeMs, () => 0);
    // Another run took it over (the lock changed), or is doing so now (a fresh marker): it holds the lock.
    if (now?.token !== token || age < TAKEOVER_STALE_MS) return { acquired: false, holder: now?.holder ?? 'another run', since: now?.at };
  }
  return { acquired: false, holder: 'another run' };
}

async function readLock(path: string): Promise<LockBody | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as LockBody;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    // Unreadable: treat as held, with no expiry (never delete what we cannot read).
    return { holder: 'another run (unreadable lock file)' };
  }
}

/** Removes the lock only while it is still ours: after an expiry and a takeover it belongs to another run. */
async function releaseLocalLock(path: string, token: string): Promise<void> {
  const current = await readLock(path);
  if (current?.token === token) await unlink(path).catch(() => {});
}

async function sweepMarkers(dir: string): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!name.includes('.takeover.')) continue;
    const file = join(dir, name);
    const info = await stat(file).catch(() => undefined);
    if (info && now - info.mtimeMs > MARKER_MAX_AGE_MS) await rm(file, { force: true });
  }
}
