import { describe, expect, it } from 'vitest';
import { manualCommand, manualTargetImage, shellQuote } from './manual.js';

const target = { deployment: 'django', namespace: 'prod', containers: [] };

describe('manualCommand', () => {
  it.each([
    ['the seed\'s kubectl set image', { type: 'previous-image' as const }, target, [{ name: 'django', targetImage: 'django:v1.21.8-stable' }], undefined,
      'kubectl set image deployment/django django=django:v1.21.8-stable -n prod'],
    ['rollout undo to a revision, with context', { type: 'rollout-undo' as const, to_revision: 4 }, { ...target, context: 'prod-eu' }, undefined, undefined,
      'kubectl rollout undo deployment/django --to-revision=4 -n prod --context prod-eu'],
    ['previous-image when the images are unknown', { type: 'previous-image' as const }, target, undefined, undefined, 'kubectl rollout undo deployment/django -n prod'],
    ['a command, quoted for a shell', { type: 'command' as const }, target, undefined, ['helm', 'rollback', 'django', '--description', "smoke failed: it's down"],
      `helm rollback django --description 'smoke failed: it'\\''s down'`],
  ])('%s', (_name, strategy, t, containers, argv, expected) => {
    expect(manualCommand(strategy, t, containers, argv)).toBe(expected);
  });

  it('leaves safe words unquoted', () => {
    expect(shellQuote('deployment/django')).toBe('deployment/django');
    expect(shellQuote('')).toBe("''");
  });
});

describe('manualTargetImage', () => {
  const base = { startedAt: '', finishedAt: '', durationMs: 0, alertOps: true, message: '' };
  it('a plan refused before the containers were read (paused): container and image from the last known good version', () => {
    expect(manualTargetImage({ ...base, status: 'failed', lastKnownGood: { revision: '1', images: { django: 'django:v1.21.8-stable' }, source: 'history' } }))
      .toEqual({ container: 'django', image: 'django:v1.21.8-stable' });
  });
  it('nothing to roll back to: neither', () => {
    expect(manualTargetImage({ ...base, status: 'failed', targetImage: 'x:1', nothingToRollBackTo: 'no earlier revision' })).toEqual({});
  });
});

