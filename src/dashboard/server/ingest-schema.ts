import * as z from 'zod';
import { watchProgressSchema } from '../../core/watch-model.js';
import { RUN_ID_PATTERN } from './params.js';

const isoTime = { type: 'string', minLength: 20, maxLength: 40 } as const;

const startFields = {
  runId: { type: 'string', pattern: RUN_ID_PATTERN },
  deployment: { type: 'string', minLength: 1, maxLength: 253 },
  environment: { type: 'string', maxLength: 253 },
  namespace: { type: 'string', maxLength: 253 },
  revision: { type: 'string', maxLength: 512 },
  baseUrl: { type: 'string', maxLength: 2048 },
  startedAt: isoTime,
  deployedAt: isoTime,
} as const;

/**
 * A watch's progress: report.json's `watch` as it stands (the series so far, `status: running`),
 * from the same zod schema report.json is validated with, so the two never drift.
 */
const watchProgressJsonSchema = (() => {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(watchProgressSchema, { target: 'draft-7', io: 'input' }) as Record<string, unknown>;
  return schema;
})();

/** POST /api/v1/runs/:id/events: a run that starts, waits for ops, or reports its watch so far. */
export const eventBodySchema = {
  type: 'object',
  required: ['kind', 'run'],
  additionalProperties: false,
  properties: {
    kind: { enum: ['started', 'awaiting_confirmation', 'watching'] },
    run: { type: 'object', required: ['runId', 'deployment', 'startedAt'], additionalProperties: false, properties: startFields },
    awaiting: {
      type: 'object',
      additionalProperties: false,
      properties: {
        deadline: isoTime,
        deployment: { type: 'string', maxLength: 253 },
        namespace: { type: 'string', maxLength: 253 },
        currentImage: { type: 'string', maxLength: 1024 },
        targetImage: { type: 'string', maxLength: 1024 },
        approveCommand: { type: 'string', maxLength: 2048 },
        denyCommand: { type: 'string', maxLength: 2048 },
        failedChecks: { type: 'array', maxItems: 2000, items: { type: 'string', maxLength: 512 } },
        lease: { type: 'boolean' },
      },
    },
    watch: watchProgressJsonSchema,
  },
  // The event "watching" carries its watch.
  if: { properties: { kind: { const: 'watching' } } },
  then: { required: ['watch'] },
} as const;
