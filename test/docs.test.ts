import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECK_TYPES } from '../src/checks/registry.js';
import { loadConfig } from '../src/config/load.js';
import { configJsonSchema } from '../src/config/schema.js';
import { runCli } from './helpers/cli.js';

/** The docs stay true: every example config validates, and docs/ name every field and type. */
const ROOT = resolve(import.meta.dirname, '..');

/** Every ${VAR} an example uses, given a placeholder value (examples must not depend on a real environment). */
async function placeholderEnv(file: string): Promise<Record<string, string>> {
  const text = await readFile(file, 'utf8');
  const urls: Record<string, string> = {
    DATABASE_URL: 'postgres://app:placeholder-pw@db.internal:5432/orders',
    REDIS_URL: 'redis://cache.internal:6379',
    AMQP_URL: 'amqp://app:placeholder-pw@rabbit.internal:5672',
    NATS_URL: 'nats://nats.internal:4222',
    MQTT_URL: 'mqtt://mqtt.internal:1883',
    MYSQL_URL: 'mysql://app:placeholder-pw@mysql.internal:3306/app',
  };
  const env: Record<string, string> = {};
  for (const m of text.matchAll(/\$\{([A-Z][A-Z0-9_]*)(:-[^}]*)?\}/g)) {
    if (m[2]) continue; // has a default
    env[m[1]!] = urls[m[1]!] ?? (m[1]!.endsWith('_URL') ? `https://${m[1]!.toLowerCase()}.example.com/placeholder` : 'p'.repeat(32));
  }
  return env;
}

describe('docs', () => {
  it('every example config validates', async () => {
    const dirs = await readdir(join(ROOT, 'examples'));
    expect(dirs.length).toBeGreaterThan(1);
    let validated = 0;
    for (const dir of dirs) {
      // smokeguard configs only (examples/ci holds pipeline files, not configs).
      for (const file of (await readdir(join(ROOT, 'examples', dir))).filter((f) => /^(smokeguard.*\.(ya?ml|json)|smoke-test-hook\.json)$/.test(f))) {
        const path = join(ROOT, 'examples', dir, file);
        const loaded = await loadConfig({ path, env: await placeholderEnv(path), baseUrl: 'http://127.0.0.1:8080' }).catch((err: { format?: () => string }) => {
          throw new Error(`${path}\n${err.format?.() ?? String(err)}`);
        });
        expect(loaded.config.health_checks.length).toBeGreaterThan(0);
        validated++;
      }
    }
    expect(validated).toBeGreaterThanOrEqual(2);
    // The production example also works with its prod environment overlay.
    const prod = join(ROOT, 'examples/production/smokeguard.yaml');
    const { config } = await loadConfig({ path: prod, env: await placeholderEnv(prod), environment: 'prod' });
    expect(config.base_url).toBe('https://orders.internal');
  });

  it('docs/configuration.md names every top-level config field; docs/check-types.md has a section per type', async () => {
    const configuration = await readFile(join(ROOT, 'docs/configuration.md'), 'utf8');
    const checkTypes = await readFile(join(ROOT, 'docs/check-types.md'), 'utf8');
    const fields = Object.keys((configJsonSchema() as { properties: Record<string, unknown> }).properties).filter((f) => f !== '$schema');
    for (const field of fields) expect(configuration, `docs/configuration.md lacks \`${field}\``).toContain(`\`${field}\``);
    for (const type of CHECK_TYPES.map((t) => t.type)) expect(checkTypes, `docs/check-types.md has no section for ${type}`).toMatch(new RegExp(`^## \`?${type}\`?`, 'm'));
  });
});

describe('docs/configuration.md quotes what validate prints', () => {
  it('the broken.yaml example: the quoted lines are the output of the runnable block under it', async () => {
    const doc = await readFile(join(ROOT, 'docs/configuration.md'), 'utf8');
    const quoted = /```\n(smokeguard: Invalid config[^`]*)```/.exec(doc)![1]!.trim();
    const script = /```sh runnable exit=2\n(printf '[^\n]*' > broken\.yaml)\n/.exec(doc)![1]!;
    const dir = await mkdtemp(join(tmpdir(), 'smokeguard-docs-quote-'));
    // The block's printf, with the shell's escapes: \n is a newline.
    await writeFile(join(dir, 'broken.yaml'), /^printf '([^']*)'/.exec(script)![1]!.replaceAll('\\n', '\n'));
    const run = await runCli(['validate', '--config', 'broken.yaml', '--base-url', 'http://127.0.0.1:8080'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().replaceAll(join(dir, 'broken.yaml'), '/home/you/orders/broken.yaml')).toBe(quoted);
  });
});
