/** The error a check sees when its deadline cuts it. */
export class DeadlineError extends Error {
  constructor(message = 'deadline reached') {
    super(message);
    this.name = 'AbortError';
  }
}

/**
 * Races `work` against `signal`: on abort, runs `onAbort` (destroy the socket, end the client)
 * and rejects at once, so a driver that ignores cancellation cannot hold a check past its deadline.
 */
export function abortable<T>(signal: AbortSignal, work: Promise<T>, onAbort?: () => void): Promise<T> {
  if (signal.aborted) {
    onAbort?.();
    work.catch(() => {});
    return Promise.reject(new DeadlineError());
  }
  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      try {
        onAbort?.();
      } finally {
        reject(new DeadlineError());
      }
    };
    signal.addEventListener('abort', abort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', abort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', abort);
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
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new DeadlineError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
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
  const live = parents.filter((p): p is AbortSignal => p !== undefined);
  for (const parent of live) {
    if (parent.aborted) abort();
    else parent.addEventListener('abort', abort, { once: true });
  }
  return {
    signal: controller.signal,
    dispose() {
      clearTimeout(timer);
      for (const parent of live) parent.removeEventListener('abort', abort);
    },
  };
}
