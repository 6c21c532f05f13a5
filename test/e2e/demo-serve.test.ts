import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { runProcess } from '../helpers/cli.js';

/** `npm run demo:serve` (dist/demo/serve.js), the README's quick start, as a user starts it. */
const SERVE = resolve(import.meta.dirname, '../../dist/demo/serve.js');

it('a port already taken is one line naming the port and PORT=, exit 1, no stack trace', async () => {
  const taken = createServer();
  await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
  const port = (taken.address() as { port: number }).port;
  try {
    const run = await runProcess(process.execPath, [SERVE], { env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port) }, timeoutMs: 10_000 });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`demo service: cannot listen on 127.0.0.1:${port} (EADDRINUSE); choose another port with PORT=…\n`);
  } finally {
    await new Promise<void>((r) => taken.close(() => r()));
  }
});
