import type { RollbackStrategyConfig } from './schema.js';
import type { ContainerRollback, RollbackOutcome, RollbackTarget } from './types.js';

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

/**
 * The image a manual rollback of the outcome's (first) container goes to: the last known good
 * version, else the rollback's target; none when there is nothing to roll back to.
 */
export function manualTargetImage(o: RollbackOutcome | undefined): { container?: string; image?: string } {
  if (!o || o.nothingToRollBackTo) return {};
  const good = o.lastKnownGood?.images;
  // A plan refused before the containers were read (a paused Deployment) still knows the good version's.
  const container = o.containers?.[0]?.name ?? (good && Object.keys(good).length === 1 ? Object.keys(good)[0] : undefined);
  const image = (good && container ? good[container] : undefined) ?? (good ? Object.values(good)[0] : undefined) ?? o.targetImage;
  return { ...(container ? { container } : {}), ...(image ? { image } : {}) };
}
