import { createServer, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { expect, it } from 'vitest';
import { runCli, writeConfig } from '../helpers/cli.js';
import { testPki } from '../helpers/tls-certs.js';

/** IPv6 targets (::1) through the built CLI: an address and its port are written [::1]:PORT, never ::1:PORT. */

async function listenOnLoopback6(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket); // accepted, and never a word
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '::1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

it('a silent NATS server and a refused service on ::1 are named as [::1]:PORT', async () => {
  const silent = await listenOnLoopback6();
  const closed = await listenOnLoopback6();
  await closed.close(); // nothing listens there now
  try {
    const { dir } = await writeConfig({
      base_url: `http://[::1]:${closed.port}`,
      health_checks: [{ name: 'health', endpoint: '/health' }],
      dependency_checks: [{ name: 'events', type: 'nats', url: `nats://[::1]:${silent.port}`, timeout_seconds: 1 }],
    });
    const run = await runCli(['run'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`timeout: no handshake within 1 s at [::1]:${silent.port}`);
    expect(run.stdout).toContain(`Service down: every check was refused at [::1]:${closed.port}`);
    expect(run.stdout).not.toMatch(/(?<!\[)::1:\d/);
  } finally {
    await silent.close();
  }
});

it('the openssl command of a TLS finding on ::1 connects to [::1]:PORT', async () => {
  const pki = testPki();
  const server = createTlsServer({ cert: pki.selfSigned.cert, key: pki.selfSigned.key }, (socket) => socket.end());
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '::1', resolve));
  const port = (server.address() as { port: number }).port;
  try {
    const { dir } = await writeConfig({ dependency_checks: [{ name: 'cert', type: 'tls', host: '::1', port }] });
    const run = await runCli(['run'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`openssl s_client -connect '[::1]:${port}'`);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
