/**
 * Sends values one at a time, the newest only: while a send is in flight, later values replace
 * each other and only the newest goes once it ends. What a watch's progress needs: a slow or dead
 * dashboard never has more than one request open, never queues up work, and the interval that
 * pushed a value never waits for it.
 */
export interface LatestOnly<T> {
  /** Sends `value` now, or once the send in flight ends (unless a newer value comes first). */
  push(value: T): void;
  /** Drops what waits, waits for the send in flight, and takes no more. */
  close(): Promise<void>;
}

/** `send` must not reject (the feed's bounded calls turn failures into warnings); a rejection is dropped. */
export function latestOnly<T>(send: (value: T) => Promise<unknown>): LatestOnly<T> {
  let next: { value: T } | undefined;
  let inFlight: Promise<void> | undefined;
  let closed = false;
  const drain = async () => {
    while (next) {
      const { value } = next;
      next = undefined;
      await send(value).catch(() => {});
    }
    inFlight = undefined;
  };
  return {
    push(value) {
      if (closed) return;
      next = { value };
      inFlight ??= drain();
    },
    async close() {
      closed = true;
      next = undefined;
      await inFlight;
    },
  };
}
