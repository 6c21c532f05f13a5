import { recordCut, type PhaseAt } from './phase.js';

/** The error a check sees when its deadline cuts it; `at` says in which phase, where (see phase.ts). */
export class DeadlineError extends Error {
  readonly at?: PhaseAt;
  constructor(message = 'deadline reached', at?: PhaseAt) {
    super(message);
    this.name = 'AbortError';
    this.at = at;
  }
}

/** A phase, fixed or read at the moment of the abort (a driver that moves from handshake to query). */
export type PhaseSource = PhaseAt | (() => PhaseAt | undefined);

const phaseNow = (source: PhaseSource | undefined): PhaseAt | undefined => (typeof source === 'function' ? source() : source);

const subscribers = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Calls `fn` once when `signal` aborts (at once if it already has); returns the unsubscribe.
 * However many checks, requests or retries wait on one signal, it carries a single listener
 * of ours: a burst of 50 requests, or 10 checks on the run's signal, used to add one listener
 * each and made Node print "MaxListenersExceededWarning: Possible EventTarget memory leak".
 * Unsubscribe when the guarded work is over, so nothing is kept alive by a long-lived signal.
 */
export function onAbort(signal: AbortSignal, fn: () => void): () => void {
  if (signal.aborted) {
    fn();
    return () => {};
  }
  let set = subscribers.get(signal);
  if (!set) {
    const fresh = new Set<() => void>();
    set = fresh;
    subscribers.set(signal, fresh);
    signal.addEventListener('abort', () => {
      subscribers.delete(signal);
      for (const f of [...fresh]) f();
    }, { once: true });
  }
  const live = set;
  live.add(fn);
  return () => {
    live.delete(fn);
  };
}

/**
 * Races `work` against `signal`: on abort, runs `cleanup` (destroy the socket, end the client)
 * and rejects at once, so a driver that ignores cancellation cannot hold a check past its deadline.
 */
export function abortable<T>(signal: AbortSignal, work: Promise<T>, cleanup?: () => void, at?: PhaseSource): Promise<T> {
  if (signal.aborted) {
    const where = phaseNow(at);
    recordCut(signal, where);
    cleanup?.();
    work.catch(() => {});
    return Promise.reject(new DeadlineError(undefined, where));
  }
  return new Promise<T>((resolve, reject) => {
    const unsubscribe = onAbort(signal, () => {
      const where = phaseNow(at); // before cleanup: destroying the socket changes what it says
      recordCut(signal, where);
      try {
        cleanup?.();
      } finally {
        reject(new DeadlineError(undefined, where));
      }
    });
    work.then(
      (v) => {
        unsubscribe();
        resolve(v);
      },
      (e) => {
        unsubscribe();
        reject(e);
      },
    );
  });
}

/** Sleeps, but wakes (rejecting) as soon as the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new DeadlineError());
    const timer = setTimeout(() => {
      unsubscribe();
      resolve();
    }, ms);
    const unsubscribe = signal ? onAbort(signal, () => {
      clearTimeout(timer);
      reject(new DeadlineError());
    }) : () => {};
  });
}

/** Milliseconds left before `deadline`, at least 1 (drivers treat 0 as "no timeout"). */
export function remainingMs(deadline: number): number {
  return Math.max(1, Math.floor(deadline - Date.now()));
}

/** Close politely (QUIT, Terminate), but never wait more than `graceMs`; then cut the socket. */
export async function closeGracefully(closing: Promise<unknown>, destroy: () => void, graceMs = 100): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([closing.catch(() => {}), new Promise<void>((r) => (timer = setTimeout(r, graceMs)))]);
  clearTimeout(timer);
  destroy();
}

/**
 * A signal that aborts after `ms`, or as soon as any parent aborts. Built on a plain timer and
 * controller on purpose: on Node 20, `AbortSignal.any([AbortSignal.timeout(ms), …])` may let the
 * inner timeout signal be garbage-collected before it fires, and then nothing is ever cut.
 * Call `dispose()` once the guarded work is over.
 */
export function timeoutSignal(ms: number, ...parents: Array<AbortSignal | undefined>): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const abort = () => controller.abort();
  const timer = setTimeout(abort, Math.max(0, ms));
  const unsubscribers = parents.filter((p): p is AbortSignal => p !== undefined).map((parent) => onAbort(parent, abort));
  return {
    signal: controller.signal,
    dispose() {
      clearTimeout(timer);
      for (const unsubscribe of unsubscribers) unsubscribe();
    },
  };
}
