import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { RollbackDecision } from '../core/types.js';
import { sleep, timeoutSignal } from '../util/abort.js';
import type { ApprovalRecord } from './approval-store.js';
import { CONFIRM_ENV } from './defaults.js';
import type { RollbackConfirmation } from './types.js';

/**
 * Ops confirmation (the seed's "requires ops team confirmation"). In order: not needed
 * (immediate: several critical failures; automatic: confirmation switched off), a standing
 * answer (--yes, SMOKEGUARD_CONFIRM=yes|no), else a wait for the first of: an answer at the TTY
 * prompt (with a countdown), `smokeguard approve|deny RUN_ID`, or the timeout.
 */

/** One place an out-of-band answer may appear; undefined while there is none. */
export type ApprovalSource = { name: string; read: (signal: AbortSignal) => Promise<ApprovalRecord | undefined> };

export interface ConfirmOptions {
  mode: RollbackDecision['mode'];
  assumeYes: boolean;
  env: Readonly<Record<string, string | undefined>>;
  interactive: boolean;
  input?: Readable;
  output?: Writable;
  runId: string;
  /** Where `smokeguard approve|deny` answers appear: the state dir, and the Lease when the run holds one. */
  approvals: ApprovalSource[];
  /** How to answer from another terminal, exactly as typed (shown while waiting). */
  commands: { approve: string; deny: string };
  /** Epoch ms at which the window closes: fixed when the decision was taken, before the lock and the alert. */
  deadline: number;
  pollMs: number;
  /** Criticals behind an immediate decision, for the record ("immediate: 2 critical failures"). */
  criticalFailures: number;
  /** Ops are about to be asked: announce it (awaited for at most `graceMs`, then the wait starts anyway). */
  beforeWait?: () => Promise<void> | void;
  graceMs?: number;
  /** The run was stopped: the wait ends at once and the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** What the prompt asks, e.g. "Roll back deployment/django in prod to django:v1.21.8-stable?". */
  question: string;
  /** Progress lines for the console and the timeline. */
  notify: (message: string) => void;
}

/** `approved` is undefined when nobody answered in time. */
export async function confirm(o: ConfirmOptions): Promise<RollbackConfirmation> {
  const at = () => new Date().toISOString();
  if (o.mode === 'immediate') return { required: false, method: 'immediate', approved: true, by: `immediate: ${o.criticalFailures} critical failures`, at: at() };
  if (o.mode !== 'awaiting_confirmation') return { required: false, method: 'not_required', approved: true, by: 'automatic: requires_ops_confirmation is false', at: at() };
  const standing = o.env[CONFIRM_ENV]?.trim().toLowerCase();
  if (standing === 'yes' || standing === 'no') return { required: true, method: 'env', approved: standing === 'yes', by: `${CONFIRM_ENV}=${standing}`, at: at() };
  if (o.assumeYes) return { required: true, method: 'flag', approved: true, by: '--yes', at: at() };

  const started = Date.now();
  // Ops hear of it before the wait starts; a slow channel gets `graceMs`, then the wait starts anyway.
  if (o.beforeWait) await withGrace(o.beforeWait, o.graceMs ?? 0, o.signal);
  const stop = new AbortController();
  const onAbort = () => stop.abort(o.signal?.reason);
  o.signal?.addEventListener('abort', onAbort, { once: true });
  if (o.signal?.aborted) onAbort();
  const leftMs = Math.max(0, o.deadline - Date.now());
  o.notify(`Waiting for ops confirmation (${Math.round(leftMs / 1000)}s): run \`${o.commands.approve}\` or \`${o.commands.deny}\`${o.interactive ? ', or answer below' : ''}`);
  const waiters: Promise<RollbackConfirmation | undefined>[] = [
    pollApproval(o, stop.signal),
    sleep(leftMs, stop.signal).then(() => undefined),
  ];
  if (o.interactive && o.input && o.output) waiters.push(prompt(o, stop.signal));
  try {
    const answer = await Promise.race(waiters);
    return answer ? { ...answer, required: true, waitedMs: Date.now() - started } : { required: true, waitedMs: Date.now() - started };
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    stop.abort();
    // The losers reject with the abort; that is their normal end.
    for (const w of waiters) w.catch(() => {});
  }
}

/** Runs `work`, waiting for it at most `graceMs` (or until `signal`); it goes on in the background after that. */
export async function withGrace(work: () => Promise<void> | void, graceMs: number, signal?: AbortSignal): Promise<void> {
  const running = Promise.resolve().then(work).catch(() => {});
  const grace = timeoutSignal(graceMs, signal);
  try {
    await Promise.race([running, new Promise<void>((resolve) => grace.signal.addEventListener('abort', () => resolve(), { once: true }))]);
  } finally {
    grace.dispose();
  }
}

async function pollApproval(o: ConfirmOptions, signal: AbortSignal): Promise<RollbackConfirmation> {
  const failing = new Set<string>();
  for (;;) {
    for (const source of o.approvals) {
      try {
        const record = await source.read(signal);
        if (record) return { required: true, method: 'approve_command', approved: record.decision === 'approve', by: record.by, at: record.at };
        failing.delete(source.name);
      } catch (err) {
        if (signal.aborted) throw err;
        // A source that cannot be read is reported once; the others, the prompt and the timeout still work.
        if (!failing.has(source.name)) o.notify(`warning: cannot read approvals from ${source.name}: ${err instanceof Error ? err.message : String(err)}`);
        failing.add(source.name);
      }
    }
    await sleep(o.pollMs, signal);
  }
}

function prompt(o: ConfirmOptions, signal: AbortSignal): Promise<RollbackConfirmation> {
  const input = o.input as Readable;
  const output = o.output as Writable;
  const terminal = Boolean((output as Writable & { isTTY?: boolean }).isTTY);
  const rl = createInterface({ input, output, terminal });
  const deadline = o.deadline;
  const text = () => `${o.question} [y/N] (${Math.max(0, Math.ceil((deadline - Date.now()) / 1000))}s) `;
  rl.setPrompt(text());
  rl.prompt();
  // The countdown: redraw the prompt every second, keeping what was typed so far.
  const timer = terminal ? setInterval(() => { rl.setPrompt(text()); rl.prompt(true); }, 1000) : undefined;
  return new Promise<RollbackConfirmation>((resolve, reject) => {
    const done = () => {
      clearInterval(timer);
      signal.removeEventListener('abort', onAbort);
      rl.close();
    };
    const onAbort = () => {
      done();
      if (terminal) output.write('\n');
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    rl.on('line', (line) => {
      const answer = line.trim().toLowerCase();
      if (answer === 'y' || answer === 'yes' || answer === 'n' || answer === 'no' || answer === '') {
        done();
        resolve({ required: true, method: 'tty', approved: answer.startsWith('y'), by: o.env.USER ?? o.env.LOGNAME ?? safeUser(), at: new Date().toISOString() });
      } else {
        rl.setPrompt(text());
        rl.prompt();
      }
    });
  });
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'tty';
  }
}
