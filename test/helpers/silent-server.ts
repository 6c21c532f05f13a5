import { createServer } from 'node:net';
import { listenTracked } from './listen.js';

/**
 * A TCP server that accepts connections and never says a word: the worst kind of hung
 * dependency. Checks must be cut at their timeout against it.
 */
export async function startSilentServer(): Promise<{ port: number; url(scheme: string): string; connections(): number; close(): Promise<void> }> {
  let accepted = 0;
  const server = createServer(() => {
    accepted++;
  });
  const { port, close } = await listenTracked(server);
  return { port, url: (scheme) => `${scheme}://127.0.0.1:${port}`, connections: () => accepted, close };
}

/** A port on 127.0.0.1 where nothing listens (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
