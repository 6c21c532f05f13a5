import { describe, expect, it } from 'vitest';
import { createStyle } from '../reporters/style.js';
import type { Clock } from '../core/clock.js';
import { LiveProgress } from './live-progress.js';

/** A clock the test moves: timers fire in order as time is advanced, never by waiting. */
function fakeTimers() {
  let now = 1_000_000;
  let id = 0;
  const pending = new Map<number, { at: number; fn: () => void }>();
  const timers: Clock = {
    now: () => now,
    setTimer(fn, ms) {
      const key = ++id;
      pending.set(key, { at: now + ms, fn });
      return () => void pending.delete(key);
    },
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const next = [...pending].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!next) break;
      const [key, t] = next;
      now = t.at;
      pending.delete(key);
      t.fn();
    }
    now = end;
  };
  return { timers, advance, active: () => pending.size };
}

function output() {
  let text = '';
  return { out: { write: (s: string) => (text += s), columns: 100 }, text: () => text };
}

const style = createStyle(false);

describe('LiveProgress without a terminal', () => {
  it('says a check is still running 5 s after it started and every 10 s after, with a path\'s step; stops when it ends', () => {
    const { timers, advance, active } = fakeTimers();
    const o = output();
    const live = new LiveProgress({ out: o.out, tty: false, style, clock: timers });
    live.start();
    live.started('readiness', timers.now());
    live.started('user-login', timers.now());
    advance(2_000);
    live.finished('readiness', '  ✓ readiness');
    live.progress('user-login', { step: 2, of: 3, label: 'GET /api/user/profile' });
    live.started('core-api', timers.now());
    expect(o.text()).toBe('  ✓ readiness\n');
    advance(2_999);
    expect(o.text()).toBe('  ✓ readiness\n');
    advance(1);
    expect(o.text()).toBe('  ✓ readiness\nstill running: user-login, 5 s (step 2/3 GET /api/user/profile)\n');
    advance(2_000); // core-api's own 5 s
    expect(o.text().endsWith('still running: core-api, 5 s\n')).toBe(true);
    advance(8_000); // user-login at 15 s
    expect(o.text().endsWith('still running: user-login, 15 s (step 2/3 GET /api/user/profile)\n')).toBe(true);
    live.finished('user-login', '  ✓ user-login');
    advance(30_000); // core-api at 17, 27, 37 s; user-login no more
    const notices = o.text().split('\n').filter((l) => l.startsWith('still running'));
    expect(notices).toEqual([
      'still running: user-login, 5 s (step 2/3 GET /api/user/profile)',
      'still running: core-api, 5 s',
      'still running: user-login, 15 s (step 2/3 GET /api/user/profile)',
      'still running: core-api, 15 s',
      'still running: core-api, 25 s',
      'still running: core-api, 35 s',
    ]);
    live.stop();
    expect(active()).toBe(0);
    expect(o.text()).not.toContain('\x1b');
  });

  it('a check that ends within 5 s is never said to be running', () => {
    const { timers, advance, active } = fakeTimers();
    const o = output();
    const live = new LiveProgress({ out: o.out, tty: false, style, clock: timers });
    live.start();
    live.started('readiness', timers.now());
    advance(4_999);
    live.finished('readiness', '  ✓ readiness');
    advance(60_000);
    expect(o.text()).toBe('  ✓ readiness\n');
    expect(active()).toBe(0);
  });
});

describe('LiveProgress on a terminal', () => {
  it('draws the running checks with elapsed time and step, redraws in place, replaces each with its final line', () => {
    const { timers, advance, active } = fakeTimers();
    const o = output();
    const live = new LiveProgress({ out: o.out, tty: true, style, clock: timers });
    live.start();
    live.started('user-login', timers.now());
    live.progress('user-login', { step: 2, of: 3, label: 'GET /api/user/profile' });
    advance(4_100);
    const last = o.text().slice(o.text().lastIndexOf('\x1b[J') + 3);
    expect(last).toBe('  … user-login         step 2/3 GET /api/user/profile  4.1 s\n');
    live.finished('user-login', '  ✓ user-login         3 steps  4.2 s');
    expect(o.text().endsWith('\x1b[1F\x1b[J  ✓ user-login         3 steps  4.2 s\n')).toBe(true);
    live.stop();
    expect(active()).toBe(0);
  });

  it('a long line is cut to the terminal width (a wrapped line would break the redraw)', () => {
    const { timers } = fakeTimers();
    const o = output();
    o.out.columns = 40;
    const live = new LiveProgress({ out: o.out, tty: true, style, clock: timers });
    live.started('user-login', timers.now());
    live.progress('user-login', { step: 1, of: 2, label: `GET /api/${'x'.repeat(80)}` });
    const last = o.text().slice(o.text().lastIndexOf('\x1b[J') + 3);
    expect(last.trimEnd().length).toBeLessThan(40);
    expect(last.trimEnd().endsWith('…')).toBe(true);
    live.stop();
    expect(o.text().endsWith('\x1b[1F\x1b[J')).toBe(true);
  });
});
