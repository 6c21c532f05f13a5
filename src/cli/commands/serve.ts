import { DEFAULT_STORE, displayStore } from '../../dashboard/store/open.js';
import { ServeError, startDashboard } from '../../dashboard/serve/start.js';
import { EXIT } from '../exit-codes.js';
import { write } from '../output.js';
import { UsageError } from '../usage-error.js';

export interface ServeFlags {
  port: number;
  host: string;
  store?: string;
  retainDays: number;
  stateDir?: string;
  kubeconfig?: string;
  context?: string;
  /** The smoke config the Flagger / Argo Rollouts webhooks run; without it they answer 501. */
  config?: string;
  baseUrl?: string;
  environment?: string;
}

type Io = { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream; env: NodeJS.ProcessEnv };

/** `smokeguard serve`: the dashboard, until SIGTERM or SIGINT. */
export async function serveCommand(flags: ServeFlags, io: Io, stop: Promise<unknown> = untilSignal()): Promise<number> {
  const store = flags.store ?? io.env.SMOKEGUARD_STORE ?? DEFAULT_STORE;
  let dashboard;
  try {
    dashboard = await startDashboard({
      store,
      port: flags.port,
      host: flags.host,
      retainDays: flags.retainDays,
      writeToken: io.env.SMOKEGUARD_DASHBOARD_TOKEN || undefined,
      readToken: io.env.SMOKEGUARD_DASHBOARD_READ_TOKEN || undefined,
      stateDir: flags.stateDir,
      kubeconfig: flags.kubeconfig,
      context: flags.context,
      env: io.env,
      ...(flags.config
        ? {
            webhooks: {
              configPath: flags.config,
              ...(flags.baseUrl ? { baseUrl: flags.baseUrl } : {}),
              ...(flags.environment ? { environment: flags.environment } : {}),
              token: io.env.SMOKEGUARD_WEBHOOK_TOKEN || undefined,
              env: io.env,
            },
          }
        : {}),
    });
  } catch (err) {
    if (err instanceof ServeError) throw new UsageError(err.message);
    throw err;
  }
  await write(io.stdout, `smokeguard dashboard on ${dashboard.url} (store ${displayStore(store)}, keeping ${flags.retainDays} days${flags.config ? `, webhooks run ${flags.config}` : ''})\n`);
  await stop;
  await dashboard.close();
  return EXIT.PASSED;
}

function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const done = (signal: string) => {
      process.off('SIGTERM', done);
      process.off('SIGINT', done);
      resolve(signal);
    };
    process.once('SIGTERM', done);
    process.once('SIGINT', done);
  });
}
