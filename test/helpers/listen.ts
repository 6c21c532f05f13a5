import type { Server, Socket } from 'node:net';

/**
 * Starts `server` on 127.0.0.1 at a free port and tracks its connections, so that `close()`
 * ends them all at once (a test server must never keep the test process waiting on a
 * keep-alive or a hung client). Shared by every local server the tests start.
 */
export async function listenTracked(server: Server): Promise<{ port: number; connections(): number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    connections: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
