import { startDemoService } from './service.js';

/**
 * `npm run demo:serve`: the bundled demo service in the foreground, for the README's quick start
 * (`smokeguard init --base-url http://127.0.0.1:8080`). PORT chooses another port; Ctrl-C stops it.
 */
const port = Number(process.env.PORT ?? 8080);
const service = await startDemoService({ port }).catch((err: NodeJS.ErrnoException) => {
  process.stderr.write(`demo service: cannot listen on 127.0.0.1:${port} (${err.code ?? err.message}); choose another port with PORT=…\n`);
  process.exit(1);
});
process.stdout.write(`Demo service listening on ${service.url} (health, readiness, liveness, login, resources). Ctrl-C stops it.\n`);
const stop = () => void service.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
