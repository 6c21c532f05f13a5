import type { Writable } from 'node:stream';

/** Writes and waits for the stream to take it, so that an exit right after loses nothing. */
export function write(stream: Writable, text: string): Promise<void> {
  return new Promise((resolve) => {
    // A reader that went away (`| head`) will never drain: nothing to wait for.
    if (stream.destroyed || stream.writableEnded) return resolve();
    if (stream.write(text)) return resolve();
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.once('drain', done);
    stream.once('close', done);
  });
}

/**
 * `smokeguard schema | head -c 10`: the reader closes the pipe and the next write fails with
 * EPIPE. That is the reader's choice, not our failure: stop writing there, quietly, and let the
 * command finish (a run still decides and rolls back; its exit code still says how it went).
 */
export function quietOnClosedPipe(stream: Writable): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') return;
    throw err;
  });
}
