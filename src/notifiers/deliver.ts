import { abortable, sleep, timeoutSignal } from '../util/abort.js';
import { describeError, isAbort } from '../util/net-errors.js';
import type { SendFailure, SendResult, SendSuccess } from './notifier.js';

/** Backoff between attempts: 500 ms, 1 s, 2 s… capped, and never past the deadline. */
export const NOTIFY_RETRY_INITIAL_DELAY_MS = 500;
export const NOTIFY_RETRY_MAX_DELAY_MS = 4_000;
/** Below this much time left, another attempt cannot finish: do not start it. */
export const MIN_ATTEMPT_MS = 50;

export interface DeliveryOptions {
  /** Per-attempt timeout. */
  timeoutMs: number;
  /** Extra attempts after the first. */
  retries: number;
  /** Epoch ms: no attempt runs and no backoff sleeps past it. */
  deadline: number;
}

export interface Delivery<T extends SendSuccess = SendSuccess> {
  ok: boolean;
  /** The successful attempt's answer. */
  value?: T;
  attempts: number;
  durationMs: number;
  error?: string;
  dedupKey?: string;
  action?: string;
}

/**
 * Runs `attempt` with a timeout each, retrying retryable failures with exponential backoff,
 * all within the deadline. Never throws: every failure comes back as data.
 */
export async function deliver<T extends SendSuccess = SendSuccess>(
  attempt: (signal: AbortSignal, deadline: number) => Promise<T | SendFailure>,
  opts: DeliveryOptions,
): Promise<Delivery<T>> {
  const started = Date.now();
  const done = (d: Omit<Delivery<T>, 'durationMs'>): Delivery<T> => ({ ...d, durationMs: Date.now() - started });
  // One signal for the whole delivery, so a backoff sleep is cut at the deadline too.
  const whole = timeoutSignal(Math.max(1, opts.deadline - Date.now()));
  const deadlineSignal = whole.signal;
  let lastError = 'deadline reached before the first attempt';
  let attempts = 0;
  for (let n = 0; n <= opts.retries; n++) {
    const left = opts.deadline - Date.now();
    if (left < MIN_ATTEMPT_MS) break;
    const budget = Math.min(opts.timeoutMs, left);
    const { signal, dispose } = timeoutSignal(budget, deadlineSignal);
    attempts++;
    let result: T | SendFailure;
    try {
      // Raced against the signal: a sender that ignores it (a driver, a socket) cannot hold the run.
      result = await abortable(signal, attempt(signal, Date.now() + budget));
    } catch (err) {
      result = isAbort(err, signal)
        ? { ok: false, retryable: true, error: `no answer within ${budget} ms${budget < opts.timeoutMs ? ' (run deadline)' : ''}` }
        : { ok: false, retryable: true, error: describeError(err).reason };
    } finally {
      dispose();
    }
    if (result.ok) {
      whole.dispose();
      return done({ ok: true, attempts, value: result, dedupKey: result.dedupKey, action: result.action });
    }
    lastError = result.error;
    if (!result.retryable || n === opts.retries) break;
    const backoff = Math.min(NOTIFY_RETRY_INITIAL_DELAY_MS * 2 ** n, NOTIFY_RETRY_MAX_DELAY_MS);
    const delay = Math.max(backoff, result.retryAfterMs ?? 0);
    if (Date.now() + delay + MIN_ATTEMPT_MS > opts.deadline) {
      lastError += ` (no time left to retry before the deadline)`;
      break;
    }
    try {
      await sleep(delay, deadlineSignal);
    } catch {
      break; // the deadline fired during the backoff: stop with the last error
    }
  }
  whole.dispose();
  return done({ ok: false, attempts, error: lastError });
}

/** Classifies an HTTP answer: 2xx ok; 429 and 5xx retryable; other 4xx not (the payload will not improve). */
export function httpResult(status: number, body: string, retryAfter?: string): SendResult {
  if (status >= 200 && status < 300) return { ok: true };
  const excerpt = body.trim().slice(0, 300);
  const error = `HTTP ${status}${excerpt ? `: ${excerpt}` : ''}`;
  if (status === 429 || status >= 500) {
    const seconds = retryAfter ? Number(retryAfter) : NaN;
    return { ok: false, retryable: true, error, retryAfterMs: Number.isFinite(seconds) ? seconds * 1000 : undefined };
  }
  return { ok: false, retryable: false, error };
}
