/**
 * Attempt limits across runs. The ledger lives where every run of the hook sees it, including
 * ephemeral Jobs: an annotation on the Deployment itself (smokeguard.io/rollback-attempts), or a
 * file in the state dir when smokeguard has no cluster access (command strategy).
 *
 * Versions are identified by their pod-template-hash, which survives the controller renumbering
 * revisions on a rollback. Two rules make a re-run of the hook harmless:
 *  - a failed version is rolled back from at most `max_rollback_attempts` times;
 *  - a version smokeguard itself rolled back to is never rolled back from (that would redeploy
 *    the failed version), and a version that failed before is never a rollback target.
 */

export interface AttemptRecord {
  attempts: number;
  revision?: string;
  images?: Record<string, string>;
  last: string;
  runId: string;
}

export interface AttemptLedger {
  /** Failed version (pod-template-hash or other identity) → its rollback attempts. */
  failed: Record<string, AttemptRecord>;
  /** The version smokeguard last rolled back to. */
  rolledBackTo?: { id: string; from: string; revision?: string; at: string; runId: string };
}

export function parseLedger(text: string | undefined): AttemptLedger {
  if (!text) return { failed: {} };
  try {
    const parsed = JSON.parse(text) as Partial<AttemptLedger>;
    const failed = parsed.failed && typeof parsed.failed === 'object' ? parsed.failed : {};
    return { failed, ...(parsed.rolledBackTo ? { rolledBackTo: parsed.rolledBackTo } : {}) };
  } catch {
    // A hand-edited, broken annotation must not block a rollback forever: start a fresh ledger.
    return { failed: {} };
  }
}

export type LimitVerdict = { allowed: true; attempts: number } | { allowed: false; attempts: number; reason: string };

/** Whether rolling back from `from` to `to` is allowed. `attempts` is the count before this one. */
export function checkLimit(
  ledger: AttemptLedger,
  from: string,
  to: string | undefined,
  max: number,
  describe: (id: string) => string = (id) => id,
  /** Attempts recorded before this instant do not count (used when the version is unknown). */
  countSince?: string,
): LimitVerdict {
  const record = ledger.failed[from];
  const attempts = record && !(countSince && record.last < countSince) ? record.attempts : 0;
  const back = ledger.rolledBackTo;
  if (back && back.id === from) {
    return { allowed: false, attempts, reason: `${describe(from)} is the version smokeguard rolled back to (run ${back.runId} at ${back.at}); rolling back from it would redeploy the failed version — not rolling back again` };
  }
  if (attempts >= max) {
    return { allowed: false, attempts, reason: max === 0 ? 'max_rollback_attempts is 0: automatic rollback is switched off' : `${describe(from)} was already rolled back ${attempts} time(s) (max_rollback_attempts: ${max})` };
  }
  if (to !== undefined && ledger.failed[to]) {
    return { allowed: false, attempts, reason: `the rollback target ${describe(to)} itself failed smoke tests before (run ${ledger.failed[to].runId}); not rolling back to it` };
  }
  return { allowed: true, attempts };
}

export function recordAttempt(
  ledger: AttemptLedger,
  from: string,
  to: string | undefined,
  info: { runId: string; at: string; revision?: string; toRevision?: string; images?: Record<string, string> },
): AttemptLedger {
  const previous = ledger.failed[from]?.attempts ?? 0;
  const failed = {
    ...ledger.failed,
    [from]: { attempts: previous + 1, last: info.at, runId: info.runId, ...(info.revision ? { revision: info.revision } : {}), ...(info.images ? { images: info.images } : {}) },
  };
  return {
    failed,
    ...(to !== undefined
      ? { rolledBackTo: { id: to, from, at: info.at, runId: info.runId, ...(info.toRevision ? { revision: info.toRevision } : {}) } }
      : ledger.rolledBackTo
        ? { rolledBackTo: ledger.rolledBackTo }
        : {}),
  };
}
