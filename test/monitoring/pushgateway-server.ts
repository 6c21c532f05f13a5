import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChildServer, type ChildServer } from '../helpers/child-server.js';
import { closedPort } from '../helpers/silent-server.js';
import { webConfigArgs } from '../helpers/web-config.js';

/** Debian's prometheus-pushgateway (apt-get install prometheus-pushgateway). */
export const PUSHGATEWAY_BIN = '/usr/bin/prometheus-pushgateway';

export interface Pushgateway {
  url: string;
  server: ChildServer;
  stop(): Promise<void>;
}

/**
 * A real Pushgateway on 127.0.0.1 and a free port, persisting to a temporary file. With
 * `basicAuth`, it demands those users (bcrypt hashes, as its --web.config.file wants them).
 */
export async function startPushgateway(options: { basicAuth?: Record<string, string> } = {}): Promise<Pushgateway> {
  await access(PUSHGATEWAY_BIN).catch(() => {
    throw new Error(`${PUSHGATEWAY_BIN} not found: apt-get install -y prometheus-pushgateway`);
  });
  const dir = await mkdtemp(join(tmpdir(), 'smokeguard-pushgateway-'));
  const port = await closedPort();
  const args = [`--web.listen-address=127.0.0.1:${port}`, `--persistence.file=${join(dir, 'metrics.data')}`, '--log.level=warn'];
  args.push(...(await webConfigArgs(dir, options.basicAuth)));
  const server = await startChildServer(PUSHGATEWAY_BIN, args, port);
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    async stop() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
