import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { RUN_ID, stateDirFrom, writeApproval } from './approval-store.js';

/**
 * `smokeguard approve RUN_ID` / `smokeguard deny RUN_ID`: answer a run that waits for ops
 * confirmation, from another terminal. The decision is a file in the state dir that the waiting
 * run polls (see approval-store.ts); point both at the same `--state-dir` (or
 * SMOKEGUARD_STATE_DIR) when they do not share a working directory.
 */
export function registerApprovalCommands(program: Command): void {
  for (const decision of ['approve', 'deny'] as const) {
    program
      .command(`${decision} <run-id>`)
      .description(decision === 'approve' ? 'confirm the rollback a smoke run is waiting for' : 'refuse the rollback a smoke run is waiting for')
      .option('--state-dir <dir>', 'where waiting runs look for answers (default: $SMOKEGUARD_STATE_DIR or ./.smokeguard)')
      .option('--by <name>', 'who answers (default: $USER)')
      .action(async (runId: string, opts: { stateDir?: string; by?: string }) => {
        if (!RUN_ID.test(runId)) program.error(`invalid run id "${runId}": expected letters, digits, ".", "_" or "-"`, { exitCode: 2 });
        const by = opts.by ?? process.env.USER ?? process.env.LOGNAME ?? currentUser();
        const path = await writeApproval(stateDirFrom(opts.stateDir, process.env), runId, { decision, by, at: new Date().toISOString() });
        process.stdout.write(`${decision === 'approve' ? 'Approved' : 'Denied'} the rollback of run ${runId} as ${by} (recorded in ${path})\n`);
      });
  }
}

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
