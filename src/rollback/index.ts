/** The rollback stage's public surface, for the pipeline and the CLI. */
export { executeRollback } from './execute.js';
export { renderRollbackConsole } from './render.js';
export { resolveTarget, TARGET_HINT, type TargetResolution } from './target.js';
export { readApproval, writeApproval, stateDirFrom, type ApprovalRecord } from './approval-store.js';
export { COMMAND_VARIABLES } from './validate.js';
export type {
  RollbackInput,
  RollbackOutcome,
  RollbackStatus,
  RollbackTarget,
  RollbackTargetOverrides,
  RollbackEvent,
  RollbackConfirmation,
  RollbackVerification,
} from './types.js';
