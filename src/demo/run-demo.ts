import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemoService, type DemoFaults } from './service.js';
import { BROKEN_DEMO } from './scenarios.js';

/**
 * `npm run demo`: starts the bundled demo service and runs the real CLI against it twice —
 * healthy (exit 0), then with readiness and login broken (exit 1) — so a newcomer sees both
 * without any other setup.
 */
const cli = fileURLToPath(new URL('../bundle/smokeguard.cjs', import.meta.url));
const config = fileURLToPath(new URL('../../examples/demo/smokeguard.yaml', import.meta.url));

function runCli(args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: 'inherit' });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

async function scenario(title: string, faults: DemoFaults, extra: string[] = []): Promise<number> {
  const service = await startDemoService({ faults });
  process.stdout.write(`\n━━ ${title} ━━\n$ smokeguard run --config examples/demo/smokeguard.yaml --base-url ${service.url} ${extra.join(' ')}\n\n`);
  try {
    const code = await runCli(['run', '--config', config, '--base-url', service.url, ...extra]);
    process.stdout.write(`\n(exit code ${code})\n`);
    return code;
  } finally {
    await service.close();
  }
}

const healthy = await scenario('1. A healthy deployment', {});
const reports = await mkdtemp(join(tmpdir(), 'smokeguard-demo-'));
const broken = await scenario(BROKEN_DEMO.title, BROKEN_DEMO.faults, ['--dry-run', '--report-dir', reports]);
const asExpected = healthy === 0 && broken === 1;
process.stdout.write(`\n${asExpected ? 'Demo complete' : 'Demo did NOT behave as expected'}: exit 0 for the healthy run, 1 for the critical one. Reports of the second run: ${reports}\n`);
process.exit(asExpected ? 0 : 1);
