import * as z from 'zod';

/**
 * What happened to one check.
 * - passed: every assertion held.
 * - failed: the target answered wrongly or was unreachable (an assertion failed).
 * - timed_out: no result within the check's timeout or the run's deadline.
 * - error: the test machinery itself broke (not the target); always a warning.
 * - blocked: a check it depends_on did not pass, so it was not run (one root cause, one alert).
 * - skipped: not selected (`--only`) or disabled.
 */
export const checkStatusSchema = z.enum(['passed', 'failed', 'timed_out', 'error', 'blocked', 'skipped']);
