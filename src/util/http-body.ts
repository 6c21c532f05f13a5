import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import type * as Zlib from 'node:zlib';

/**
 * Reads a response body into memory up to a cap, decoding gzip, deflate and brotli. The cap
 * counts decoded bytes (as blackbox_exporter does), so a small compressed body that inflates to
 * gigabytes is cut like a large plain one; what is beyond the cap is never read.
 */

export interface BodyRead {
  body: Buffer;
  /** More than `cap` decoded bytes were offered: the rest was not read. */
  truncated: boolean;
  /** The body could not be decoded (corrupt gzip…): said in words, the status still stands. */
  problem?: string;
}

type Decoder = 'gzip' | 'deflate' | 'br';

function decoderFor(contentEncoding: string | undefined): Decoder | undefined {
  const last = (contentEncoding ?? '').split(',').map((s) => s.trim().toLowerCase()).filter((s) => s && s !== 'identity').at(-1);
  if (last === 'gzip' || last === 'x-gzip') return 'gzip';
  if (last === 'deflate') return 'deflate';
  if (last === 'br') return 'br';
  return undefined;
}

/**
 * node:zlib loads on the first encoded body, not with the HTTP client: a service that answers
 * uncompressed (most health endpoints) never pays for it (~1.5 ms a run, measured on Node 20).
 */
function decodingStream(kind: Decoder): Readable & NodeJS.WritableStream {
  const { createBrotliDecompress, createGunzip, createInflate } = process.getBuiltinModule('node:zlib') as typeof Zlib;
  if (kind === 'gzip') return createGunzip();
  if (kind === 'br') return createBrotliDecompress();
  return createInflate();
}

/** Keeps what fits under `cap`; says when more came. */
class Collector {
  private chunks: Buffer[] = [];
  private size = 0;
  truncated = false;
  constructor(private readonly cap: number) {}
  /** Returns false once the cap is reached: stop reading. */
  add(chunk: Buffer): boolean {
    if (this.size + chunk.length > this.cap) {
      this.chunks.push(chunk.subarray(0, this.cap - this.size));
      this.size = this.cap;
      this.truncated = true;
      return false;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
    return true;
  }
  get body(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/**
 * Reads `res` (its status already known). Resolves with what was read — cut at the cap, or with a
 * decoding problem; rejects only when the connection itself fails mid-body (the caller names how).
 * `received()` tells how many raw bytes arrived so far, for the reason of a body that stalls.
 */
export function readBody(res: IncomingMessage, cap: number): { done: Promise<BodyRead>; received(): number } {
  let raw = 0;
  const done = new Promise<BodyRead>((resolve, reject) => {
    const encoding = res.headers['content-encoding'];
    const kind = decoderFor(Array.isArray(encoding) ? encoding.join(',') : encoding);
    const collector = new Collector(cap);
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    // A connection failure mid-body (reset, early end) rejects; the caller knows which it was.
    res.on('error', (err) => settle(() => reject(err)));
    res.on('data', (chunk: Buffer) => (raw += chunk.length));
    if (!kind) {
      res.on('data', (chunk: Buffer) => {
        if (settled || collector.add(chunk)) return;
        // Enough to judge: settle first, then stop the download (destroying first would make
        // Node 20 report the response as aborted, as if the server had reset it).
        settle(() => resolve({ body: collector.body, truncated: true }));
        res.destroy();
      });
      res.on('end', () => settle(() => resolve({ body: collector.body, truncated: false })));
      return;
    }
    {
      const decoder = decodingStream(kind);
      decoder.on('data', (chunk: Buffer) => {
        if (settled || collector.add(chunk)) return;
        settle(() => resolve({ body: collector.body, truncated: true }));
        res.destroy();
        (decoder as unknown as Readable).destroy();
      });
      decoder.on('end', () => settle(() => resolve({ body: collector.body, truncated: false })));
      decoder.on('error', (err: Error) => {
        res.destroy();
        settle(() => resolve({ body: collector.body, truncated: false, problem: `body is not valid ${kind} (content-encoding: ${String(encoding)}): ${err.message}` }));
      });
      res.pipe(decoder);
    }
  });
  return { done, received: () => raw };
}
