import { connect, createServer, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a real service that counts the client connections still open, so a
 * check can be seen to hang up after itself (QUIT / Terminate / DISCONNECT, then close).
 */
export async function startCountingProxy(targetPort: number): Promise<{ port: number; open(): number; close(): Promise<void> }> {
  const clients = new Set<Socket>();
  const proxy = createServer((client) => {
    clients.add(client);
    const upstream = connect({ host: '127.0.0.1', port: targetPort });
    client.pipe(upstream).pipe(client);
    const done = () => {
      clients.delete(client);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', done).on('error', done);
    upstream.on('close', done).on('error', done);
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  return {
    port: (proxy.address() as { port: number }).port,
    open: () => clients.size,
    close: () =>
      new Promise<void>((r) => {
        for (const c of clients) c.destroy();
        proxy.close(() => r());
      }),
  };
}
