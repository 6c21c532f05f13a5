import type { StepProgress } from '../checks/check-type.js';
import { systemClock, type Clock } from '../core/clock.js';
import type { Style } from '../reporters/style.js';

/** Calls `fn` every `ms` on `clock`; returns the cancel. */
function every(clock: Clock, ms: number, fn: () => void): () => void {
  let cancel = () => {};
  const arm = () => {
    cancel = clock.setTimer(() => {
      arm();
      fn();
    }, ms);
  };
  arm();
  return () => cancel();
}

export interface LiveOptions {
  out: { write(text: string): unknown; columns?: number };
  /** A terminal: redraw the running checks in place. Otherwise: "still running" lines. */
  tty: boolean;
  style: Style;
  /** Time and timers (default: the system's); tests pass a clock they advance themselves. */
  clock?: Clock;
  /** Redraw period on a terminal. */
  refreshMs?: number;
  /** Without a terminal: the first "still running" line after this long, then one every `noticeEveryMs`. */
  firstNoticeMs?: number;
  noticeEveryMs?: number;
}

interface Running {
  startedAt: number;
  step?: StepProgress;
  /** Cancels its next "still running" line (no terminal). */
  cancelNotice?: () => void;
}

/** `… user-login         step 2/3 GET /api/user/profile  4.1 s` */
export function renderRunningLine(name: string, running: Running, now: number, style: Style): string {
  const step = running.step ? `step ${running.step.step}/${running.step.of} ${running.step.label}  ` : '';
  return `  ${style.dim('…')} ${name.padEnd(18)} ${step}${style.dim(`${((now - running.startedAt) / 1000).toFixed(1)} s`)}`;
}

/** `still running: user-login, 15 s (step 2/3 GET /api/user/profile)` */
export function renderStillRunning(name: string, running: Running, now: number): string {
  return `still running: ${name}, ${Math.floor((now - running.startedAt) / 1000)} s${running.step ? ` (step ${running.step.step}/${running.step.of} ${running.step.label})` : ''}`;
}

/** Visible width, for the terminal: escape sequences take no column. */
function fit(line: string, columns: number | undefined): string {
  if (!columns) return line;
  // eslint-disable-next-line no-control-regex
  const plain = line.replace(/\x1b\[[0-9;]*m/g, '');
  return plain.length < columns ? line : `${plain.slice(0, Math.max(1, columns - 2))}…`;
}

/**
 * What is running while a run runs. On a terminal, the running checks sit below the finished
 * lines, each with its elapsed time and a path's current step, redrawn in place and replaced by
 * the check's final line when it ends. Without one (CI logs), a "still running" line for each
 * check `firstNoticeMs` after it started and every `noticeEveryMs` after, so a slow run shows
 * where it is.
 */
export class LiveProgress {
  private readonly running = new Map<string, Running>();
  private readonly clock: Clock;
  private drawn = 0;
  private cancels: Array<() => void> = [];
  private stopped = false;

  constructor(private readonly options: LiveOptions) {
    this.clock = options.clock ?? systemClock;
  }

  /** Starts redrawing (on a terminal). */
  start(): void {
    if (this.options.tty) this.cancels.push(every(this.clock, this.options.refreshMs ?? 100, () => this.redraw()));
  }

  started(name: string, at = this.clock.now()): void {
    if (this.stopped) return;
    const running: Running = { startedAt: at };
    this.running.set(name, running);
    if (!this.options.tty) {
      const notice = () => this.options.out.write(`${renderStillRunning(name, running, this.clock.now())}\n`);
      running.cancelNotice = this.clock.setTimer(() => {
        notice();
        running.cancelNotice = every(this.clock, this.options.noticeEveryMs ?? 10_000, notice);
      }, (this.options.firstNoticeMs ?? 5_000) - (this.clock.now() - at));
    }
    this.redraw();
  }

  progress(name: string, step: StepProgress): void {
    const running = this.running.get(name);
    if (!running || this.stopped) return;
    running.step = step;
    this.redraw();
  }

  /** A permanent line (a finished check, a stage): written above the running block. */
  line(text: string): void {
    this.erase();
    this.options.out.write(`${text}\n`);
    this.redraw();
  }

  finished(name: string, text?: string): void {
    this.running.get(name)?.cancelNotice?.();
    this.running.delete(name);
    if (text === undefined) this.redraw();
    else this.line(text);
  }

  /** Ends the display (the checks are done): timers cancelled, the running block erased. */
  stop(): void {
    this.stopped = true;
    for (const cancel of this.cancels.splice(0)) cancel();
    this.erase();
    for (const running of this.running.values()) running.cancelNotice?.();
    this.running.clear();
  }

  private erase(): void {
    if (!this.options.tty || !this.drawn) return;
    // To the start of the block's first line, then clear to the end of the screen.
    this.options.out.write(`\x1b[${this.drawn}F\x1b[J`);
    this.drawn = 0;
  }

  private redraw(): void {
    if (!this.options.tty || this.stopped) return;
    this.erase();
    const now = this.clock.now();
    const lines = [...this.running].map(([name, r]) => fit(renderRunningLine(name, r, now, this.options.style), this.options.out.columns));
    if (lines.length) this.options.out.write(`${lines.join('\n')}\n`);
    this.drawn = lines.length;
  }
}
