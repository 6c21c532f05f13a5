import type { DemoFaults } from './service.js';

/**
 * The broken run of `npm run demo`: its faults, and the heading that says what the newcomer is
 * about to see fail. test/e2e/demo-readme.test.ts holds the heading (and the README) to every
 * HTTP status the run really fails with.
 */
export const BROKEN_DEMO: { title: string; faults: DemoFaults } = {
  title: '2. A broken deployment: readiness 503 (database down), login 500, auth service 504',
  faults: { readiness: 'database-down', login: 'error' },
};
