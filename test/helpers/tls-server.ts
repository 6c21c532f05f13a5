import type { Socket } from 'node:net';
import { createServer } from 'node:tls';

/** A bare TLS server presenting `cert`, closing each connection after the handshake. */
export async function startTlsServer(cert: { cert: Buffer; key: Buffer }): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer({ cert: cert.cert, key: cert.key }, (socket) => socket.end());
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
