import type { Socket } from 'node:net';
import { abortable } from '../../util/abort.js';

/** Longest first line we wait for; a NATS INFO line is well under this. */
const MAX_GREETING_BYTES = 64 * 1024;

/**
 * Connects to a NATS server and reads its INFO greeting, then hangs up.
 *
 * Why: nats.js 2.x does not close its socket when the connect timeout fires before INFO
 * arrives (its transport ignores close() until "connected"), so a server that accepts and
 * stays silent would keep our socket open after the check gave up. Waiting for INFO on a
 * socket we own, and destroying it at the deadline, keeps the driver away from such a server.
 * Resolves with the first line; rejects with the socket's error or at the deadline.
 */
export async function readGreeting(server: string, signal: AbortSignal): Promise<string> {
  const { host, port } = hostPort(server);
  const net = await import('node:net');
  const socket: Socket = net.connect({ host, port });
  socket.on('error', () => {}); // reported through the promise below
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`; // [::1]:4222, as every other reason writes it
  try {
    return await abortable(signal, firstLine(socket), () => socket.destroy(), () => ({ phase: socket.connecting ? 'connect' : 'handshake', where }));
  } finally {
    socket.destroy();
  }
}

export function hostPort(server: string): { host: string; port: number } {
  const url = new URL(server.includes('://') ? server : `nats://${server}`);
  return { host: url.hostname.replace(/^\[|\]$/g, '') || 'localhost', port: url.port ? Number(url.port) : 4222 };
}

function firstLine(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const end = text.indexOf('\n');
      if (end >= 0 || text.length > MAX_GREETING_BYTES) resolve((end >= 0 ? text.slice(0, end) : text).trim());
    });
    socket.once('end', () => resolve(text.trim()));
    socket.once('error', reject);
  });
}
