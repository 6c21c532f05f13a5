import { describe, expect, test } from 'vitest';
import type { RollbackOutcome, Verdict } from '../core/types.js';
import { rollbackOutcome } from '../../test/helpers/result-builder.js';
import { runResult } from '../../test/notifications/fixtures.js';
import { DEFAULT_EVENTS, primaryEvent, runEvents } from './events.js';

describe('run events', () => {
  test.each<[string, Verdict, Partial<RollbackOutcome> | undefined, string[]]>([
    ['a passing run', 'passed', undefined, ['success']],
    ['a warning run', 'warning', undefined, ['warning']],
    ['critical, rollback not configured', 'critical', { status: 'not_configured', alertOps: false }, ['critical']],
    ['critical, dry run', 'critical', { status: 'dry_run', alertOps: false }, ['critical']],
    ['critical, rollback succeeded', 'critical', { status: 'succeeded', alertOps: false }, ['critical', 'rollback_started', 'rollback_succeeded']],
    ['critical, rollback failed', 'critical', { status: 'failed', alertOps: true }, ['critical', 'rollback_started', 'rollback_failed']],
    ['critical, confirmation timed out (page ops)', 'critical', { status: 'confirmation_timeout', alertOps: true }, ['critical', 'rollback_started', 'rollback_failed']],
    ['critical, denied by ops', 'critical', { status: 'denied', alertOps: false }, ['critical']],
    ['a deploy that never completed: no smoke verdict to announce (neither success nor critical)', 'deployment_failed', undefined, []],
  ])('%s', (_name, verdict, rollback, expected) => {
    expect(runEvents(runResult(verdict, { rollback: rollback && rollbackOutcome(rollback) }))).toEqual(expected);
  });

  test.each<[string, string[], string[], string | undefined]>([
    ['rollback failure outranks the critical verdict', ['critical', 'rollback_started', 'rollback_failed'], [...DEFAULT_EVENTS], 'rollback_failed'],
    ['rollback done is told with the critical verdict first', ['critical', 'rollback_started', 'rollback_succeeded'], [...DEFAULT_EVENTS], 'critical'],
    ['a channel for warnings only ignores a critical run', ['critical'], ['warning'], undefined],
    ['success is only sent to channels that ask for it', ['success'], [...DEFAULT_EVENTS], undefined],
  ])('%s', (_name, events, wanted, expected) => {
    expect(primaryEvent(events as never, wanted as never)).toBe(expected);
  });
});
