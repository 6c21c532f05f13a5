import { afterEach, expect, it } from 'vitest';
import { startDemoService, type DemoService } from '../../src/demo/service.js';
import { CLI, runCli, runProcess, writeConfig } from '../helpers/cli.js';
import { startDnsServer } from '../helpers/dns-server.js';

/**
 * The remediation steps print commands to paste: these tests paste them, in a real shell
 * (`npx smokeguard` standing for the built CLI), and look at what they do.
 */
let service: DemoService | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});

/** The commands after "Re-run …: " in the console output. */
function rerunCommands(output: string): string[] {
  return [...output.matchAll(/Re-run [^:]*: (npx smokeguard run .*)$/gm)].map((m) => m[1]!);
}

/** Runs a printed command in bash as a user would paste it, `npx smokeguard` being the built CLI. */
function paste(command: string, cwd: string) {
  const script = `npx() { shift; node ${JSON.stringify(CLI)} "$@"; }\n${command}`;
  return runProcess('bash', ['-c', script], { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' } });
}

it('the re-run command works as printed when the base URL came from --base-url (the seed config has none)', async () => {
  service = await startDemoService({ faults: { readiness: 'database-down' } });
  const { dir } = await writeConfig({ health_checks: [{ name: 'readiness', endpoint: '/health/ready', expected_status: 200 }, { name: 'basic-health', endpoint: '/health' }] });
  const first = await runCli(['run', '--base-url', service.url], { cwd: dir });
  expect(first.code).toBe(1);
  const commands = rerunCommands(first.stdout);
  expect(commands.length).toBeGreaterThan(0);
  for (const command of commands) {
    const again = await paste(command, dir);
    // The same failure again, judged (exit 1): not a usage error for want of a base URL (exit 2).
    expect(again.code, `${command}\n${again.stderr}`).toBe(1);
    expect(again.stdout).toContain('readiness');
  }
});

it('a name that does not resolve is named in the DNS finding and its dig command, not left as <host>', async () => {
  const dns = await startDnsServer({ 'api.smokeguard.test': { A: ['10.1.2.3'] } });
  try {
    const { dir } = await writeConfig({
      dependency_checks: [
        { name: 'api-dns', type: 'dns', host: 'missing.smokeguard.test', servers: [dns.server] },
        { name: 'api-dns-a', type: 'dns', host: 'gone.smokeguard.test', record_type: 'A', servers: [dns.server] },
      ],
    });
    const run = await runCli(['run'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('DNS failure: missing.smokeguard.test does not resolve');
    expect(run.stdout).toContain('dig +short missing.smokeguard.test');
    expect(run.stdout).toContain('DNS failure: gone.smokeguard.test does not resolve');
    expect(run.stdout).not.toContain('<host>');
  } finally {
    await dns.close();
  }
});

it('a dependency blamed for a failing health check names that check, not "the readiness check"', async () => {
  service = await startDemoService({ faults: { readiness: 'database-down' } });
  const { dir } = await writeConfig({ base_url: service.url, health_checks: [{ name: 'status-page', endpoint: '/health/ready' }] });
  const run = await runCli(['run'], { cwd: dir });
  expect(run.code).toBe(1);
  expect(run.stdout).toContain('The status-page check fails because of it; the root cause is the database');
  expect(run.stdout).not.toContain('The readiness check');
});
