import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** `npm test` prepares its own machine (scripts/test-setup.sh); what it needs is listed in one file. */
const ROOT = resolve(import.meta.dirname, '../..');

async function packages(): Promise<Array<{ command: string; pkg: string }>> {
  const text = await readFile(join(ROOT, 'scripts/test-packages.txt'), 'utf8');
  return text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')).map((l) => {
    const [command, pkg] = l.split(/\s+/);
    return { command: command!, pkg: pkg! };
  });
}

const executable = (path: string) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

describe('test set-up', () => {
  it('npm test runs the set-up first, and .ci/run runs exactly the README test command', async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.pretest).toBe('bash scripts/test-setup.sh');
    const ci = await readFile(join(ROOT, '.ci/run'), 'utf8');
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const testing = readme.slice(readme.indexOf('## Testing'));
    const command = /```sh\n([^\n]+)\n```/.exec(testing)?.[1];
    expect(command).toBe('npm test');
    expect(ci.trim().split('\n').filter((l) => l && !l.startsWith('#')).slice(-1)[0]).toBe(command);
  });

  it("the README's Testing section names every Debian package the tests need", async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const start = readme.indexOf('## Testing');
    const testing = readme.slice(start, readme.indexOf('\n## ', start + 1) === -1 ? undefined : readme.indexOf('\n## ', start + 1));
    const list = await packages();
    expect(list.length).toBeGreaterThanOrEqual(11);
    for (const { pkg } of list) expect(testing, `README Testing lacks \`${pkg}\``).toContain(`\`${pkg}\``);
  });

  it('not root and packages missing: one line naming exactly what to install, nothing started', async () => {
    // A copy anyone can read, run as nobody with a PATH holding nothing: only sbin (which the
    // script adds itself) can provide a command.
    const dir = await mkdtemp(join(tmpdir(), 'smokeguard-setup-'));
    await mkdir(join(dir, 'scripts'));
    await copyFile(join(ROOT, 'scripts/test-setup.sh'), join(dir, 'scripts/test-setup.sh'));
    await copyFile(join(ROOT, 'scripts/test-packages.txt'), join(dir, 'scripts/test-packages.txt'));
    await chmod(dir, 0o755);
    await mkdir(join(dir, 'empty'));
    const res = spawnSync('/usr/bin/setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', '/bin/bash', join(dir, 'scripts/test-setup.sh')], {
      env: { PATH: join(dir, 'empty') },
      encoding: 'utf8',
    });
    const expected = (await packages()).filter(({ command }) => !['/usr/sbin', '/sbin'].some((d) => executable(join(d, command)))).map((p) => p.pkg);
    expect(expected).toContain('kubernetes-client');
    expect(res.status).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toBe(`test-setup: missing Debian packages; as root run: apt-get install ${expected.join(' ')}\n`);
  });

  it('with everything installed and up it does nothing and says so in one line', () => {
    const res = spawnSync('bash', [join(ROOT, 'scripts/test-setup.sh')], { encoding: 'utf8' });
    expect(res.status).toBe(0);
    expect(res.stdout).toBe('test-setup: Debian packages present, services up\n');
  });
});
