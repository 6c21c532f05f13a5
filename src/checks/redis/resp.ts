import net from 'node:net';
import type * as Tls from 'node:tls';

/**
 * Just enough of the Redis protocol (RESP2) for one smoke check: connect (TLS optional), send a
 * few commands in one write, read their replies. Why not ioredis: loading it costs ~40 ms of CPU
 * and ~18 MB at start-up, more than the check itself, for a client that lives one round trip.
 */

export type Reply = string | number | null | ReplyError | Reply[];

/** An error reply (`-WRONGPASS …`): the server's own words. */
export class ReplyError extends Error {
  override name = 'ReplyError';
}

export interface RespConnectOptions {
  host: string;
  port: number;
  tls?: { ca?: Buffer; rejectUnauthorized: boolean };
}

/** `["GET", "key"]` as a RESP array of bulk strings. */
export function encodeCommand(args: readonly string[]): Buffer {
  const parts = [`*${args.length}\r\n`];
  for (const a of args) parts.push(`$${Buffer.byteLength(a)}\r\n${a}\r\n`);
  return Buffer.from(parts.join(''));
}

/** Parses one reply at `offset`; undefined when `buf` does not hold all of it yet. */
export function parseReply(buf: Buffer, offset = 0): { reply: Reply; next: number } | undefined {
  const eol = buf.indexOf('\r\n', offset);
  if (eol < 0) return undefined;
  const line = buf.toString('utf8', offset + 1, eol);
  const after = eol + 2;
  switch (String.fromCharCode(buf[offset]!)) {
    case '+':
      return { reply: line, next: after };
    case '-':
      return { reply: new ReplyError(line), next: after };
    case ':':
      return { reply: Number(line), next: after };
    case '$': {
      const len = Number(line);
      if (len < 0) return { reply: null, next: after };
      if (buf.length < after + len + 2) return undefined;
      return { reply: buf.toString('utf8', after, after + len), next: after + len + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { reply: null, next: after };
      const items: Reply[] = [];
      let next = after;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buf, next);
        if (!item) return undefined;
        items.push(item.reply);
        next = item.next;
      }
      return { reply: items, next };
    }
    default:
      throw new Error(`not a Redis reply: ${JSON.stringify(buf.toString('utf8', offset, Math.min(eol, offset + 40)))}`);
  }
}

export interface RespConnection {
  /** Settles when the connection (and its TLS handshake) is up, or with the socket's error. */
  ready: Promise<void>;
  /** True until TCP is connected (then, with TLS, the handshake is under way until `ready`). */
  connecting(): boolean;
  /** Sends the commands in one write; resolves with their replies in order. */
  send(commands: ReadonlyArray<readonly string[]>): Promise<Reply[]>;
  /** Ends politely (closing is all Redis needs). */
  close(): void;
  /** Cuts the socket at once, connected or not. */
  destroy(): void;
}

/** Opens a connection; its socket's error (ECONNREFUSED, a TLS error…) rejects `ready`. */
export function openResp(options: RespConnectOptions): RespConnection {
  // node:tls loads only for a rediss:// target: a plain one never pays for it (~4 ms, Node 20).
  const socket = options.tls
    ? (process.getBuiltinModule('node:tls') as typeof Tls).connect({ host: options.host, port: options.port, servername: net.isIP(options.host) ? undefined : options.host, ...options.tls })
    : net.connect({ host: options.host, port: options.port });
  let pending: { want: number; replies: Reply[]; resolve: (r: Reply[]) => void; reject: (e: Error) => void } | undefined;
  let buffer: Buffer = Buffer.alloc(0);
  let failure: Error | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    socket.once(options.tls ? 'secureConnect' : 'connect', () => resolve());
    socket.once('error', reject);
  });
  ready.catch(() => {}); // also reported through `ready` to whoever awaits it
  const fail = (err: Error) => {
    failure ??= err;
    pending?.reject(err);
    pending = undefined;
  };
  socket.on('data', (chunk: Buffer) => {
    buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
    try {
      let parsed;
      while (pending && (parsed = parseReply(buffer))) {
        buffer = buffer.subarray(parsed.next);
        pending.replies.push(parsed.reply);
        if (pending.replies.length === pending.want) {
          pending.resolve(pending.replies);
          pending = undefined;
        }
      }
    } catch (err) {
      socket.destroy(err as Error);
    }
  });
  socket.on('error', fail);
  socket.on('close', () => fail(Object.assign(new Error('the server closed the connection'), { code: 'ECONNRESET' })));
  return {
    ready,
    connecting: () => socket.connecting,
    send: (commands) => new Promise((resolve, reject) => {
      if (failure) return reject(failure);
      pending = { want: commands.length, replies: [], resolve, reject };
      socket.write(Buffer.concat(commands.map(encodeCommand)));
    }),
    close: () => socket.end(),
    destroy: () => socket.destroy(),
  };
}
