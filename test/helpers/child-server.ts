import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';

/**
 * A real server process started by a test (a second nats-server with auth, a redis-server with
 * TLS…) on a port of its own. Resolves once the port accepts connections; `stop()` kills it.
 */
export interface ChildServer {
  port: number;
  process: ChildProcess;
  /** What the process printed, for a failing test's message. */
  output(): string;
  stop(): Promise<void>;
}

export async function startChildServer(command: string, args: string[], port: number, options: { readyTimeoutMs?: number; cwd?: string } = {}): Promise<ChildServer> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: options.cwd });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await gone;
  };
  const until = Date.now() + (options.readyTimeoutMs ?? 10_000);
  while (Date.now() < until) {
    if (exited !== undefined) throw new Error(`${command} exited (${exited}) before listening on ${port}:\n${output}`);
    if (await accepts(port)) return { port, process: child, output: () => output, stop };
    await new Promise((r) => setTimeout(r, 50));
  }
  await stop();
  throw new Error(`${command} did not listen on ${port} within the time allowed:\n${output}`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
