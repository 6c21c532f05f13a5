import type { Writable } from 'node:stream';

/** Writes and waits for the stream to take it, so that an exit right after loses nothing. */
export function write(stream: Writable, text: string): Promise<void> {
  return new Promise((resolve) => {
    if (stream.write(text)) resolve();
    else stream.once('drain', resolve);
  });
}
