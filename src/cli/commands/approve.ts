import type { Command } from 'commander';
import { NAMESPACE_ENV } from '../../rollback/defaults.js';

/**
 * `smokeguard approve RUN_ID` / `smokeguard deny RUN_ID`: the options only. The answer itself
 * (src/rollback/approval-commands.ts) loads when the command runs, and the Kubernetes client
 * only when it answers through the cluster (`--deployment`); help costs nothing.
 */
export function registerApprovalCommands(program: Command): void {
  for (const decision of ['approve', 'deny'] as const) {
    program
      .command(`${decision} <run-id>`)
      .description(decision === 'approve' ? 'confirm the rollback a smoke run is waiting for' : 'refuse the rollback a smoke run is waiting for')
      .option('--deployment <name>', 'answer through the cluster: the deployment the run wants to roll back')
      .option('--namespace <ns>', `its namespace (default: $${NAMESPACE_ENV} or "default")`)
      .option('--kubeconfig <file>', 'kubeconfig for --deployment')
      .option('--context <name>', 'kubeconfig context for --deployment')
      .option('--state-dir <dir>', 'without --deployment: where waiting runs look for answers (default: $SMOKEGUARD_STATE_DIR or ./.smokeguard)')
      .option('--by <name>', 'who answers (default: $USER)')
      .action(async (runId: string, opts) => (await import('../../rollback/approval-commands.js')).answerRun(program, decision, runId, opts));
  }
}
