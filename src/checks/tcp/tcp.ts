import type { Socket } from 'node:net';
import type { CheckOutcome } from '../../core/types.js';
import { abortable, closeGracefully } from '../../util/abort.js';
import { describeError } from '../../util/net-errors.js';
import { defineCheck } from '../check-type.js';
import { describeEndpoint } from '../endpoint.js';
import { tcpOptions } from '../options.js';
import { monotonicMs } from '../../util/monotonic.js';

/** Longest banner kept: enough for an SMTP or SSH greeting. */
const MAX_BANNER_BYTES = 4096;

export const tcp = defineCheck({
  ...tcpOptions,
  async run(opts, ctx): Promise<CheckOutcome> {
    const target = describeEndpoint(undefined, opts, opts.port);
    const net = await import('node:net');
    const started = monotonicMs();
    const socket: Socket = net.connect({ host: opts.host, port: opts.port });
    socket.on('error', () => {}); // reported through connected() / readUntil() instead
    const destroy = () => socket.destroy();
    try {
      await abortable(ctx.signal, connected(socket), destroy, { phase: 'connect', where: target });
      const details: Record<string, unknown> = { connectMs: Math.round(monotonicMs() - started), remoteAddress: socket.remoteAddress };
      if (opts.expect_banner === undefined) return { status: 'passed', target, details };
      const banner = await abortable(ctx.signal, readUntil(socket, opts.expect_banner), destroy, { phase: 'banner', where: target });
      const passed = banner.includes(opts.expect_banner);
      const assertions = [{ name: 'banner', expected: opts.expect_banner, actual: banner.slice(0, 200), passed }];
      if (passed) return { status: 'passed', target, details, assertions };
      return { status: 'failed', target, details, assertions, reason: `server at ${target} closed the connection after sending ${JSON.stringify(banner.slice(0, 80))}, expected a banner containing ${JSON.stringify(opts.expect_banner)}` };
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      const { code, reason } = describeError(err, target);
      return { status: 'failed', target, errorCode: code, reason };
    } finally {
      await closeGracefully(new Promise<void>((resolve) => socket.end(resolve)), destroy);
    }
  },
});

function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve();
    });
    socket.once('error', reject);
  });
}

/** Collects what the server sends until `expected` appears, the server closes, or MAX_BANNER_BYTES. */
function readUntil(socket: Socket, expected: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const finish = () => {
      socket.off('data', onData);
      socket.off('error', reject);
      resolve(text);
    };
    const onData = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (text.includes(expected) || text.length >= MAX_BANNER_BYTES) finish();
    };
    socket.on('data', onData);
    socket.once('end', finish);
    socket.once('error', reject);
  });
}
