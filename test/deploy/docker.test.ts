import { execFile, spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoService, type DemoService } from '../../src/demo/service.js';
import { CLI, expectNoNodeWarning, PG_URL, REDIS_URL } from '../helpers/cli.js';

/**
 * The image cannot be built here (no registry): its Dockerfile is linted and its structure
 * checked, and its install step — the same script on the same `npm pack` tarball — is run in a
 * clean folder, then the installed command runs the seed's smoke tests.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const DOCKERFILE = join(ROOT, 'deploy/docker/Dockerfile');
const run = promisify(execFile);

describe('deploy/docker/Dockerfile, linted', () => {
  it('has no lint problems (dockerfile-utils, the linter of the Docker language server), and the linter is live', async () => {
    expect(validate(await readFile(DOCKERFILE, 'utf8'))).toEqual([]);
    expect(validate('FROM node:20\nHEALTHCHECK CMD a\nHEALTHCHECK CMD b\nUSER\n').map((d) => d.message)).toEqual([
      'There can only be one HEALTHCHECK instruction in a Dockerfile or build stage. Only the last one will have an effect.',
      'Instruction has no arguments',
    ]);
  });

  it('is multi-stage on Node 20 slim; the runtime stage installs the packed tarball, not the source tree', async () => {
    const text = await readFile(DOCKERFILE, 'utf8');
    const d = DockerfileParser.parse(text);
    expect(d.getFROMs().map((f) => f.getBuildStage())).toEqual(['pack', 'runtime']);
    expect(text).toMatch(/^ARG NODE_IMAGE=node:20-bookworm-slim$/m);
    const runtimeLine = d.getFROMs()[1].getRange().start.line;
    const runtime = d.getInstructions().filter((i) => i.getRange().start.line >= runtimeLine);
    const args = (i: Instruction) => i.getArgumentsContent() ?? '';
    const copies = runtime.filter((i) => i.getKeyword() === 'COPY').map(args);
    expect(copies).toEqual(['deploy/docker/install.sh /usr/local/lib/smokeguard/install.sh', '/pack/ /tmp/pack/']);
    // …the second one from the pack stage (the flag is not part of the arguments).
    expect(text.split('\n').slice(runtimeLine)).toContain('COPY --from=pack /pack/ /tmp/pack/');
    expect(runtime.some((i) => i.getKeyword() === 'RUN' && args(i).includes('sh /usr/local/lib/smokeguard/install.sh /tmp/pack/smokeguard-*.tgz'))).toBe(true);
    const pack = d.getInstructions().filter((i) => i.getRange().start.line < runtimeLine);
    expect(pack.some((i) => i.getKeyword() === 'RUN' && args(i).includes('npm pack --pack-destination /pack'))).toBe(true);
  });

  it('runs as a numeric non-root user, with tini as PID 1 and smokeguard as the entrypoint, and a HEALTHCHECK on serve\'s /healthz', async () => {
    const d = DockerfileParser.parse(await readFile(DOCKERFILE, 'utf8'));
    const all = d.getInstructions();
    const last = (k: string) => all.filter((i) => i.getKeyword() === k).at(-1);
    const user = last('USER')!.getArgumentsContent()!;
    expect(user).toMatch(/^[1-9]\d*:[1-9]\d*$/);
    expect(all.indexOf(last('USER')!)).toBeLessThan(all.indexOf(last('ENTRYPOINT')!));
    expect(JSON.parse(last('ENTRYPOINT')!.getArgumentsContent()!)).toEqual(['tini', '--', 'smokeguard']);
    expect(all.some((i) => i.getKeyword() === 'RUN' && i.getArgumentsContent()!.includes('apt-get install -y --no-install-recommends tini') && i.getArgumentsContent()!.includes('rm -rf /var/lib/apt/lists/*'))).toBe(true);
    expect(last('HEALTHCHECK')!.getArgumentsContent()).toContain("/healthz')");
    // The uid matches the manifests' runAsUser.
    const job = await readFile(join(ROOT, 'deploy/kubernetes/base/job.yaml'), 'utf8');
    expect(job).toContain(`runAsUser: ${user.split(':')[0]}`);
  });
});

describe('deploy/docker/Dockerfile HEALTHCHECK', () => {
  it('probes the port serve listens on: SMOKEGUARD_PORT moves both', async () => {
    const d = DockerfileParser.parse(await readFile(DOCKERFILE, 'utf8'));
    const probe = JSON.parse(/CMD (\[.*\])$/s.exec(d.getInstructions().filter((i) => i.getKeyword() === 'HEALTHCHECK').at(-1)!.getArgumentsContent()!)![1]!) as string[];
    expect(probe.slice(0, 2)).toEqual(['node', '-e']);
    const port = await freePort();
    const dir = await mkdtemp(join(tmpdir(), 'smokeguard-healthcheck-'));
    const env = { PATH: process.env.PATH, NO_COLOR: '1', SMOKEGUARD_PORT: String(port) };
    const serve = spawn(process.execPath, [CLI, 'serve', '--store', `sqlite:${join(dir, 'smokeguard.db')}`], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      await new Promise<void>((listening, failed) => {
        serve.stdout!.on('data', (b: Buffer) => ((out += b), out.includes('dashboard on') && listening()));
        serve.stderr!.on('data', (b: Buffer) => (out += b));
        serve.once('exit', (code) => failed(new Error(`serve exited with ${code}: ${out}`)));
      });
      expect(out).toContain(`http://127.0.0.1:${port}`);
      const healthy = await run(process.execPath, probe.slice(1), { env, timeout: 10_000 }).then(() => 0, (err: { code?: number }) => err.code ?? 1);
      expect(healthy).toBe(0);
      expectNoNodeWarning(out, 'smokeguard serve');
    } finally {
      serve.kill('SIGTERM');
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

/** A port nothing listens on now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  await new Promise((closed) => server.close(closed));
  return port;
}

describe('deploy/docker/install.sh in a clean folder', () => {
  let dir: string;
  let service: DemoService;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'smokeguard-image-'));
    service = await startDemoService();
  });
  afterAll(async () => {
    await service.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('installs the npm pack tarball globally, and the installed smokeguard runs the seed\'s smoke tests', async () => {
    // The tarball of the built tree (what `npm pack` in the image's first stage produces; the build itself ran before the tests).
    await run('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], { cwd: ROOT, timeout: 120_000 });
    const [tarball] = (await readdir(dir)).filter((f) => /^smokeguard-.*\.tgz$/.test(f));
    expect(tarball).toBeDefined();
    const prefix = join(dir, 'global');
    const clean = join(dir, 'clean');
    await mkdir(clean);
    // The machine's npm settings (registry, cache) stay; only the global prefix moves into the clean folder.
    const env = { ...process.env, NPM_CONFIG_PREFIX: prefix, NPM_CONFIG_PREFER_OFFLINE: 'true' };
    const install = await run('sh', [join(ROOT, 'deploy/docker/install.sh'), join(dir, tarball), '--omit=optional'], { cwd: clean, env, timeout: 240_000 });
    expect(install.stdout.trim().split('\n').at(-1)).toBe((JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
    // Installed from the tarball, not linked to the source tree.
    const installed = join(prefix, 'lib/node_modules/smokeguard');
    expect((await readdir(installed)).sort()).not.toContain('src');
    const smoke = await run(join(prefix, 'bin/smokeguard'), ['run', '--config', join(ROOT, 'test/fixtures/seed/.coditect/config/smoke-test-hook.json'), '--base-url', service.url], {
      cwd: clean,
      env: { PATH: process.env.PATH, DATABASE_URL: PG_URL, REDIS_URL, NO_COLOR: '1' },
      timeout: 60_000,
    });
    expect(smoke.stdout).toContain('✓ Smoke tests passed');
  }, 300_000);

  it('refuses a missing tarball plainly', async () => {
    const err = await run('sh', [join(ROOT, 'deploy/docker/install.sh'), join(dir, 'nope.tgz')]).catch((e: { code: number; stderr: string }) => e);
    expect(err).toMatchObject({ code: 2, stderr: `install.sh: no such tarball: ${join(dir, 'nope.tgz')}\n` });
  });
});
