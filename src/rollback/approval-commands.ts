import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { readWaiting, RUN_ID, stateDirFrom, writeApproval, type ApprovalRecord } from './approval-store.js';
import { UsageError } from '../cli/usage-error.js';
import { NAMESPACE_ENV } from './defaults.js';
import { DNS1123_LABEL, DNS1123_SUBDOMAIN } from './validate.js';

/**
 * `smokeguard approve RUN_ID` / `smokeguard deny RUN_ID` (options in src/cli/commands/approve.ts):
 * answer a run that waits for ops confirmation, from another terminal.
 *  - With `--deployment NAME [--namespace NS] [--kubeconfig F] [--context C]`: through the
 *    cluster, on the rollback Lease the waiting run holds (works for runs that are Jobs).
 *  - Without: a file in the state dir (`--state-dir`, SMOKEGUARD_STATE_DIR, ./.smokeguard) that
 *    the waiting run polls — same machine or a shared volume.
 */

interface ApproveOptions {
  stateDir?: string;
  by?: string;
  deployment?: string;
  namespace?: string;
  kubeconfig?: string;
  context?: string;
}

/** Records `decision` for `runId`: in the cluster with `--deployment`, else in the state dir. */
export async function answerRun(program: Command, decision: 'approve' | 'deny', runId: string, opts: ApproveOptions): Promise<void> {
  if (!RUN_ID.test(runId)) program.error(`invalid run id "${runId}": expected letters, digits, ".", "_" or "-"`, { exitCode: 2 });
  const record: ApprovalRecord = { decision, by: opts.by ?? process.env.USER ?? process.env.LOGNAME ?? currentUser(), at: new Date().toISOString() };
  const where = opts.deployment ? await throughCluster(program, runId, record, opts) : await inStateDir(program, runId, record, opts);
  process.stdout.write(`${decision === 'approve' ? 'Approved' : 'Denied'} the rollback of run ${runId} as ${record.by} (recorded in ${where})\n`);
}

async function inStateDir(program: Command, runId: string, record: ApprovalRecord, opts: ApproveOptions): Promise<string> {
  const stateDir = stateDirFrom(opts.stateDir, process.env);
  // Only a run that waits now is answered: an id with no waiting run (mistyped, another state dir,
  // a window already closed) would get an "Approved" that nobody reads.
  const waiting = await readWaiting(stateDir, runId).catch((err: Error) => program.error(`could not record the answer in ${stateDir}: ${err.message}`, { exitCode: 2 }));
  // A usage error (exit 2) like a wrong flag: nothing was recorded.
  if (!waiting) throw new UsageError(`no run ${runId} is waiting for confirmation in ${stateDir}: check the run id, and --state-dir (or SMOKEGUARD_STATE_DIR) as the waiting run prints it; a run that holds the rollback Lease is answered with --deployment NAME --namespace NS`);
  if (Date.parse(waiting.until) < Date.now()) throw new UsageError(`run ${runId} stopped waiting for confirmation at ${waiting.until}: too late to answer`);
  try {
    return await writeApproval(stateDir, runId, record);
  } catch (err) {
    // A --state-dir that cannot be written (a file, read-only, /proc) is a usage error, not a bug.
    return program.error(`could not record the answer in ${stateDir}: ${(err as Error).message}`, { exitCode: 2 });
  }
}

async function throughCluster(program: Command, runId: string, record: ApprovalRecord, opts: ApproveOptions): Promise<string> {
  const deployment = opts.deployment as string;
  const namespace = opts.namespace ?? process.env[NAMESPACE_ENV] ?? 'default';
  if (!DNS1123_SUBDOMAIN.test(deployment) || !DNS1123_LABEL.test(namespace)) program.error(`invalid deployment "${deployment}" or namespace "${namespace}"`, { exitCode: 2 });
  // The Kubernetes client loads only here: a file-based answer never needs it.
  const [{ connect, describeApiError }, { writeClusterApproval }] = await Promise.all([import('./kube.js'), import('./cluster-approval.js')]);
  try {
    const kube = await connect({ deployment, namespace, containers: [], ...(opts.kubeconfig ? { kubeconfig: opts.kubeconfig } : {}), ...(opts.context ? { context: opts.context } : {}) }, process.env);
    return await writeClusterApproval(kube.coordination, namespace, deployment, runId, record, AbortSignal.timeout(15_000));
  } catch (err) {
    return program.error(`could not record the answer: ${describeApiError(err, 'writing the approval').message}`, { exitCode: 1 });
  }
}

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
