/** Path parameters every route validates the same way. */
export const RUN_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$';

export const runIdParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: RUN_ID_PATTERN } },
} as const;

export const deploymentParams = {
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string', minLength: 1, maxLength: 253 } },
} as const;

export const pageQuery = {
  type: 'object',
  properties: {
    before: { type: 'integer', minimum: 0 },
    before_id: { type: 'string', pattern: RUN_ID_PATTERN },
    limit: { type: 'integer', minimum: 1, maximum: 500 },
  },
} as const;
