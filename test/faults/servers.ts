import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect, type Socket } from 'node:net';
import { listenTracked } from '../helpers/listen.js';

/**
 * Misbehaving servers for the fault suite, each a real socket on 127.0.0.1. A raw TCP server
 * whose behaviour is chosen per request path, so one server covers every HTTP-level fault, and
 * a "blackhole" whose connects are never answered.
 */

/** What the raw server does once it has read a request for a path. */
export type Behaviour = (socket: Socket, sent: (n: number) => void) => void;

const head = (status: string, headers: Record<string, string | number> = {}) =>
  `HTTP/1.1 ${status}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;

/** Writes `chunk` again and again, only as fast as the reader takes it, until `limit` bytes or the reader goes. */
function stream(socket: Socket, chunk: Buffer, limit: number, sent: (n: number) => void, framing: 'raw' | 'chunked'): void {
  let total = 0;
  const piece = framing === 'chunked' ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]) : chunk;
  const pump = () => {
    while (total < limit && !socket.destroyed) {
      total += chunk.length;
      sent(chunk.length);
      if (!socket.write(piece)) return void socket.once('drain', pump);
    }
    if (!socket.destroyed) socket.end(framing === 'chunked' ? '0\r\n\r\n' : '');
  };
  pump();
}

/** Sends `text` one byte every `everyMs`, `bytes` times (a slowloris), then waits. */
function trickle(socket: Socket, text: string, everyMs: number): void {
  let i = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || i >= text.length) return clearInterval(timer);
    socket.write(text[i++]!);
  }, everyMs);
  socket.on('close', () => clearInterval(timer));
}

export const BEHAVIOURS: Record<string, Behaviour> = {
  '/ok': (s) => s.end(`${head('200 OK', { 'content-type': 'application/json', 'content-length': 16, connection: 'close' })}{"status":"ok"}\n`),
  '/silent': () => {},
  '/reset-before-response': (s) => s.resetAndDestroy(),
  '/close-without-response': (s) => s.end(),
  '/reset-mid-body': (s) => {
    s.write(`${head('200 OK', { 'content-length': 1000 })}partial`);
    setTimeout(() => s.resetAndDestroy(), 50);
  },
  '/premature-end': (s) => {
    s.write(`${head('200 OK', { 'content-length': 1000 })}partial`);
    setTimeout(() => s.end(), 50);
  },
  '/premature-end-chunked': (s) => {
    s.write(`${head('200 OK', { 'transfer-encoding': 'chunked' })}7\r\npartial\r\n`);
    setTimeout(() => s.end(), 50);
  },
  '/slowloris-headers': (s) => trickle(s, 'HTTP/1.1 200 OK\r\nx-slow: ' + 'a'.repeat(1000), 100),
  '/slow-body': (s) => {
    s.write(head('200 OK', { 'content-length': 1000 }));
    trickle(s, 'b'.repeat(1000), 100);
  },
  '/http10': (s) => s.end('HTTP/1.0 200 OK\r\ncontent-type: text/plain\r\n\r\nall good'),
  '/invalid-json': (s) => s.end(`${head('200 OK', { 'content-type': 'application/json', 'content-length': 11 })}{"status": `),
  '/big-json': (s, sent) => {
    // A 2 MiB JSON document, announced with its length: an ordinary big health body.
    const body = Buffer.from(JSON.stringify({ status: 'ok', padding: 'x'.repeat(2 * 1024 * 1024) }));
    s.write(head('200 OK', { 'content-type': 'application/json', 'content-length': body.length }));
    stream(s, body, body.length, sent, 'raw');
  },
  '/100mb': (s, sent) => {
    s.write(head('200 OK', { 'content-type': 'application/octet-stream', 'content-length': 100 * 1024 * 1024 }));
    stream(s, Buffer.alloc(64 * 1024, 'y'), 100 * 1024 * 1024, sent, 'raw');
  },
  '/endless': (s, sent) => {
    s.write(head('200 OK', { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' }));
    stream(s, Buffer.alloc(64 * 1024, 'z'), Number.POSITIVE_INFINITY, sent, 'chunked');
  },
};

export interface RawServer {
  port: number;
  url: string;
  /** Body bytes the server managed to hand to the kernel, per path: what the client made it send. */
  sent(path: string): number;
  close(): Promise<void>;
}

/** One raw HTTP/1.1 server; the request path picks the behaviour (404 for others). */
export async function startRawServer(): Promise<RawServer> {
  const sent = new Map<string, number>();
  const server = createServer((socket) => {
    let buffered = '';
    socket.on('data', function onData(chunk: Buffer) {
      buffered += chunk.toString('latin1');
      if (!buffered.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      const path = /^[A-Z]+ (\S+)/.exec(buffered)?.[1] ?? '/';
      const behaviour = BEHAVIOURS[path];
      if (!behaviour) return void socket.end(`${head('404 Not Found', { 'content-length': 0 })}`);
      behaviour(socket, (n) => sent.set(path, (sent.get(path) ?? 0) + n));
    });
  });
  const { port, close } = await listenTracked(server);
  return { port, url: `http://127.0.0.1:${port}`, sent: (p) => sent.get(p) ?? 0, close };
}

/**
 * A port whose connects are never answered, like a firewall that drops packets: a listener in a
 * child process with a backlog of 1, stopped (SIGSTOP) so it never accepts, its queue then filled
 * by our own idle connections. The kernel drops further SYNs; a connect hangs until cut.
 */
export async function startBlackhole(): Promise<{ port: number; close(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ['-e', `
    const s = require('node:net').createServer(() => {});
    s.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => console.log(s.address().port));
  `], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
  child.kill('SIGSTOP');
  const fillers: Socket[] = [];
  // Fill the accept queue: once a connect does not complete within 300 ms, the hole is ready.
  for (let i = 0; i < 8; i++) {
    const socket = connect({ host: '127.0.0.1', port });
    socket.on('error', () => {});
    fillers.push(socket);
    const done = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 300);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    if (!done) break;
  }
  return {
    port,
    close: async () => {
      for (const s of fillers) s.destroy();
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGKILL');
      await gone;
    },
  };
}
