import { z } from 'zod';
import {
  DEFAULT_CRITICAL_FAILURE_THRESHOLD,
  DEFAULT_IMMEDIATE_ROLLBACK_THRESHOLD,
  DEFAULT_MAX_ROLLBACK_ATTEMPTS,
  DEFAULT_ROLLBACK_TIMEOUT_SECONDS,
} from '../config/defaults.js';

export const autoRollbackSchema = z.strictObject({
  enabled: z.boolean().default(false),
  critical_failure_threshold: z.number().int().min(1).default(DEFAULT_CRITICAL_FAILURE_THRESHOLD)
    .describe('critical failures that trigger a rollback'),
  immediate_rollback_threshold: z.number().int().min(1).default(DEFAULT_IMMEDIATE_ROLLBACK_THRESHOLD)
    .describe('critical failures at which the rollback skips ops confirmation'),
  requires_ops_confirmation: z.boolean().default(true),
  rollback_timeout_seconds: z.number().positive().max(3600).default(DEFAULT_ROLLBACK_TIMEOUT_SECONDS),
});
export type AutoRollbackConfig = z.infer<typeof autoRollbackSchema>;

/** The Kubernetes workload a run guards (used by rollback strategies and remediation hints). */
export const deploymentSchema = z.strictObject({
  name: z.string().min(1),
  namespace: z.string().min(1).default('default'),
  container: z.string().min(1).optional().describe('container to roll back; all containers when absent'),
  context: z.string().optional().describe('kubeconfig context'),
  kubeconfig: z.string().optional().describe('path to a kubeconfig; in-cluster credentials or ~/.kube/config otherwise'),
});
export type DeploymentConfig = z.infer<typeof deploymentSchema>;

export const ROLLBACK_STRATEGY_TYPES = ['previous-image', 'rollout-undo', 'command'] as const;

export const rollbackStrategySchema = z.strictObject({
  type: z.enum(ROLLBACK_STRATEGY_TYPES).default('previous-image'),
  max_rollback_attempts: z.number().int().min(0).default(DEFAULT_MAX_ROLLBACK_ATTEMPTS),
  notify_channels: z.array(z.string().min(1)).default([]),
});
export type RollbackStrategyConfig = z.infer<typeof rollbackStrategySchema>;
