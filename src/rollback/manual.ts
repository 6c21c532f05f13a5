import type { RollbackStrategyConfig } from './schema.js';
import type { ContainerRollback, RollbackTarget } from './types.js';

/** The command an operator runs by hand when the automatic rollback did not happen. Pure. */

const SAFE = /^[A-Za-z0-9_./:=@%+,-]+$/;

export function shellQuote(arg: string): string {
  return SAFE.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function manualCommand(
  strategy: Pick<RollbackStrategyConfig, 'type' | 'to_revision'>,
  target: RollbackTarget,
  containers: ContainerRollback[] | undefined,
  commandArgv?: string[],
): string {
  if (strategy.type === 'command' && commandArgv) return commandArgv.map(shellQuote).join(' ');
  const scope = [
    '-n', target.namespace,
    ...(target.context ? ['--context', target.context] : []),
    ...(target.kubeconfig ? ['--kubeconfig', target.kubeconfig] : []),
  ];
  const images = (containers ?? []).filter((c) => c.targetImage);
  const argv = strategy.type === 'previous-image' && images.length
    ? ['kubectl', 'set', 'image', `deployment/${target.deployment}`, ...images.map((c) => `${c.name}=${c.targetImage}`), ...scope]
    : ['kubectl', 'rollout', 'undo', `deployment/${target.deployment}`, ...(strategy.to_revision ? [`--to-revision=${strategy.to_revision}`] : []), ...scope];
  return argv.map(shellQuote).join(' ');
}
