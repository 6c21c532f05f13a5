import * as z from 'zod';
import { once } from '../util/once.js';
import {
  DEFAULT_CRITICAL_FAILURE_THRESHOLD,
  DEFAULT_IMMEDIATE_ROLLBACK_THRESHOLD,
  DEFAULT_MAX_ROLLBACK_ATTEMPTS,
  DEFAULT_ROLLBACK_TIMEOUT_SECONDS,
} from '../config/defaults.js';
import { DEFAULT_ROLLOUT_WAIT_SECONDS } from '../deployment/defaults.js';
import { DEFAULT_CONFIRMATION_TIMEOUT_SECONDS, DEFAULT_ON_CONFIRMATION_TIMEOUT } from './defaults.js';
import { COMMAND_VARIABLES, DNS1123_LABEL, DNS1123_SUBDOMAIN } from './validate.js';

export const autoRollbackSchema = z.strictObject({
  enabled: z.boolean().default(false),
  critical_failure_threshold: z.number().int().min(1).default(DEFAULT_CRITICAL_FAILURE_THRESHOLD)
    .describe('critical failures that trigger a rollback'),
  immediate_rollback_threshold: z.number().int().min(1).default(DEFAULT_IMMEDIATE_ROLLBACK_THRESHOLD)
    .describe('critical failures at which the rollback skips ops confirmation'),
  requires_ops_confirmation: z.boolean().default(true),
  rollback_timeout_seconds: z.number().positive().max(3600).default(DEFAULT_ROLLBACK_TIMEOUT_SECONDS)
    .describe('covers the patch and the rollout (not the wait for confirmation)'),
  confirmation_timeout_seconds: z.number().positive().max(3600).default(DEFAULT_CONFIRMATION_TIMEOUT_SECONDS)
    .describe('how long to wait for ops to confirm (TTY prompt, `smokeguard approve RUN_ID`)'),
  on_confirmation_timeout: z.enum(['skip', 'rollback']).default(DEFAULT_ON_CONFIRMATION_TIMEOUT)
    .describe('skip: no rollback, alert ops (default); rollback: roll back anyway'),
});
export type AutoRollbackConfig = z.infer<typeof autoRollbackSchema>;

const dnsLabel = () => z.string().regex(DNS1123_LABEL, 'a DNS-1123 label (lowercase letters, digits, "-", at most 63 characters)');

/** The Kubernetes workload a run guards (used by rollback strategies and remediation hints). */
export const deploymentSchema = once(() => z.strictObject({
  name: z.string().regex(DNS1123_SUBDOMAIN, 'a DNS-1123 name (lowercase letters, digits, "-" and ".", at most 253 characters)'),
  namespace: dnsLabel().default('default'),
  container: dnsLabel().optional().describe('container to roll back; all containers when absent'),
  context: z.string().optional().describe('kubeconfig context'),
  kubeconfig: z.string().optional().describe('path to a kubeconfig; in-cluster credentials or ~/.kube/config otherwise'),
  wait: z.boolean().optional().describe('wait for the rollout to complete before testing, as `kubectl rollout status` does (also --wait-for-rollout)'),
  wait_timeout_seconds: z.number().positive().max(3600).optional()
    .describe(`how long to wait for the rollout (default ${DEFAULT_ROLLOUT_WAIT_SECONDS} s), always within the run's timeout_seconds`),
}));
export type DeploymentConfig = z.infer<ReturnType<typeof deploymentSchema>>;

export const ROLLBACK_STRATEGY_TYPES = ['previous-image', 'rollout-undo', 'command'] as const;

export const rollbackStrategySchema = z
  .strictObject({
    type: z.enum(ROLLBACK_STRATEGY_TYPES).default('previous-image'),
    max_rollback_attempts: z.number().int().min(0).default(DEFAULT_MAX_ROLLBACK_ATTEMPTS)
      .describe('per deployment and failed revision, across runs (counted in an annotation on the Deployment)'),
    notify_channels: z.array(z.string().min(1)).default([]),
    to_revision: z.number().int().min(1).optional().describe('rollout-undo: the revision to return to; the previous one when absent'),
    command: z.array(z.string().min(1)).min(1).optional()
      .describe(`command: argv run without a shell; ${COMMAND_VARIABLES.map((v) => '${' + v + '}').join(' ')} are filled in`),
    command_timeout_seconds: z.number().positive().max(3600).optional()
      .describe('command: kill it after this long (default: rollback_timeout_seconds)'),
    lock: z.boolean().default(true).describe('hold a coordination.k8s.io Lease so two runs never roll back at once'),
    verify: z.boolean().default(true).describe('re-run the required health checks after the rollback'),
  })
  .superRefine((s, ctx) => {
    if (s.type === 'command' && !s.command) ctx.addIssue({ code: 'custom', path: ['command'], message: 'type "command" needs command: [argv, …], e.g. ["helm", "rollback", "${deployment}", "-n", "${namespace}"]' });
    if (s.type !== 'command' && s.command) ctx.addIssue({ code: 'custom', path: ['command'], message: `command is only used with type "command" (type is "${s.type}")` });
    if (s.type !== 'rollout-undo' && s.to_revision !== undefined) ctx.addIssue({ code: 'custom', path: ['to_revision'], message: `to_revision is only used with type "rollout-undo" (type is "${s.type}")` });
    for (const [i, arg] of (s.command ?? []).entries()) {
      for (const m of arg.matchAll(/\$\{([^}]*)\}/g)) {
        if (!(COMMAND_VARIABLES as readonly string[]).includes(m[1])) {
          ctx.addIssue({ code: 'custom', path: ['command', i], message: `unknown variable \${${m[1]}}; expected one of ${COMMAND_VARIABLES.join(', ')}` });
        }
      }
    }
  });
export type RollbackStrategyConfig = z.infer<typeof rollbackStrategySchema>;
