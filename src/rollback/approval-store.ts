import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_STATE_DIR } from './defaults.js';
import { privateDir, writePrivateFile } from './local-state.js';

/**
 * Out-of-band confirmation: `smokeguard approve RUN_ID` / `smokeguard deny RUN_ID` write a small
 * JSON file into <state dir>/approvals/, which the waiting run polls. The state dir is
 * `--state-dir`, else SMOKEGUARD_STATE_DIR, else ./.smokeguard — a shared volume when the run
 * and the approver are on different machines (or in a Job with a mounted volume).
 */

export interface ApprovalRecord {
  decision: 'approve' | 'deny';
  by: string;
  at: string;
}

/** Run ids become file names: nothing that could climb out of the directory. */
export const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function stateDirFrom(explicit: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  return explicit ?? env.SMOKEGUARD_STATE_DIR ?? DEFAULT_STATE_DIR;
}

function approvalPath(stateDir: string, runId: string): string {
  if (!RUN_ID.test(runId)) throw new Error(`invalid run id "${runId}": expected letters, digits, ".", "_" or "-"`);
  return join(stateDir, 'approvals', `${runId}.json`);
}

export async function writeApproval(stateDir: string, runId: string, record: ApprovalRecord): Promise<string> {
  const path = approvalPath(stateDir, runId);
  // Private to the user (0700 dirs, 0600 file), written then renamed so the waiting run never reads half a file.
  await privateDir(stateDir);
  await privateDir(join(stateDir, 'approvals'));
  await writePrivateFile(path, JSON.stringify(record) + '\n');
  return path;
}

/**
 * While a run waits for ops it keeps <state dir>/waiting/RUN_ID.json (until when it waits), so that
 * `smokeguard approve` can refuse an id no run is waiting under: a mistyped id, another state dir,
 * or a run whose window has closed — instead of "Approved" that nobody will ever read.
 */
export interface WaitingRecord {
  runId: string;
  /** When the confirmation window closes (ISO 8601). */
  until: string;
  /** What the run asks to roll back, e.g. "deployment/django in prod". */
  target?: string;
}

function waitingPath(stateDir: string, runId: string): string {
  approvalPath(stateDir, runId); // the same run id rule
  return join(stateDir, 'waiting', `${runId}.json`);
}

export async function markWaiting(stateDir: string, record: WaitingRecord): Promise<void> {
  await privateDir(stateDir);
  await privateDir(join(stateDir, 'waiting'));
  await writePrivateFile(waitingPath(stateDir, record.runId), JSON.stringify(record) + '\n');
}

export async function clearWaiting(stateDir: string, runId: string): Promise<void> {
  await rm(waitingPath(stateDir, runId), { force: true });
}

/** The run's waiting record, or undefined when no run of that id waits in this state dir. */
export async function readWaiting(stateDir: string, runId: string): Promise<WaitingRecord | undefined> {
  try {
    return JSON.parse(await readFile(waitingPath(stateDir, runId), 'utf8')) as WaitingRecord;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || err instanceof SyntaxError) return undefined;
    throw err;
  }
}

/** The recorded decision for a run, or undefined while there is none. */
export async function readApproval(stateDir: string, runId: string): Promise<ApprovalRecord | undefined> {
  let text: string;
  try {
    text = await readFile(approvalPath(stateDir, runId), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const parsed = JSON.parse(text) as Partial<ApprovalRecord>;
  if (parsed.decision !== 'approve' && parsed.decision !== 'deny') throw new Error(`approval file for run ${runId} has no valid decision`);
  return { decision: parsed.decision, by: parsed.by ?? 'unknown', at: parsed.at ?? '' };
}
