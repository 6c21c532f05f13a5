import { createServer } from 'node:tls';
import { listenTracked } from './listen.js';

/** A bare TLS server presenting `cert`, closing each connection after the handshake. */
export async function startTlsServer(cert: { cert: Buffer; key: Buffer }): Promise<{ port: number; close(): Promise<void> }> {
  const server = createServer({ cert: cert.cert, key: cert.key }, (socket) => socket.end());
  server.on('tlsClientError', () => {});
  const { port, close } = await listenTracked(server);
  return { port, close };
}
