import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, runCli, runProcess, writeConfig } from '../helpers/cli.js';
import { listenTracked } from '../helpers/listen.js';

/**
 * Live progress through the built CLI: on a real pseudo-terminal (util-linux `script`), and in a
 * pipe as CI logs are, against a local service whose endpoints are slow on purpose.
 */
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** `/slow/<ms>` answers after ms; anything else at once. */
async function slowService(): Promise<string> {
  const server = createServer((req, res) => {
    const ms = Number(/^\/slow\/(\d+)$/.exec(req.url ?? '')?.[1] ?? 0);
    setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'), ms);
  });
  const listening = await listenTracked(server);
  close = listening.close;
  return `http://127.0.0.1:${listening.port}`;
}

/** Runs the CLI with a pseudo-terminal as its stdout (util-linux `script`); returns everything the terminal received. */
async function inTerminal(args: string[], cwd: string): Promise<{ code: number | null; out: string }> {
  const command = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  const run = await runProcess('script', ['-q', '-e', '-c', command, '/dev/null'], { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', TERM: 'xterm', COLUMNS: '120' }, timeoutMs: 30_000 });
  return { code: run.code, out: (run.stdout + run.stderr).replace(/\r\n/g, '\n') };
}

/** What the screen shows at the end: applies "cursor to the start of n lines up" (ESC[nF) and "erase to the end" (ESC[J). */
function finalScreen(raw: string): string[] {
  const lines: string[] = [''];
  let row = 0;
  for (const token of raw.split(/(\x1b\[\d*F|\x1b\[J|\n)/)) {
    if (!token) continue;
    const up = /^\x1b\[(\d*)F$/.exec(token);
    if (up) row = Math.max(0, row - Number(up[1] || 1));
    else if (token === '\x1b[J') lines.splice(row + 1), (lines[row] = '');
    else if (token === '\n') {
      row++;
      lines[row] ??= '';
    } else lines[row] = (lines[row] ?? '') + token;
  }
  return lines;
}

const config = (base: string) => ({
  base_url: base,
  health_checks: [{ name: 'readiness', endpoint: '/ready', expected_status: 200 }],
  critical_paths: [{
    name: 'user-login',
    timeout_seconds: 15,
    steps: [
      { method: 'POST', endpoint: '/api/auth/login' },
      { method: 'GET', endpoint: '/slow/1500', name: 'GET /api/user/profile' },
      { method: 'GET', endpoint: '/api/resources' },
    ],
  }],
});

describe('live progress', () => {
  it('on a terminal: the running path with its step and elapsed time, replaced by its final line', async () => {
    const base = await slowService();
    const { dir } = await writeConfig(config(base));
    const { code, out } = await inTerminal(['run'], dir);
    expect(code).toBe(0);
    // While step 2 is slow, the path's live line is drawn (and redrawn) with its step and time.
    const drawn = [...out.matchAll(/… user-login\s+step 2\/3 GET \/api\/user\/profile\s+(\d+\.\d) s/g)].map((m) => Number(m[1]));
    expect(drawn.length).toBeGreaterThan(2);
    expect(Math.max(...drawn)).toBeGreaterThanOrEqual(1);
    expect(out).toContain('\x1b[J');
    // In the end the screen holds the final lines only: no live line is left behind.
    const screen = finalScreen(out).join('\n');
    expect(screen).not.toContain('…');
    expect(screen).toMatch(/✓ readiness\s+\/ready → 200/);
    expect(screen).toMatch(/✓ user-login\s+3 steps: POST \/api\/auth\/login → GET \/slow\/1500 → GET \/api\/resources/);
    expect(screen).toContain('✓ Smoke tests passed');
  });

  it('in a pipe (CI logs): "still running" after 5 s, and no escape sequences', async () => {
    const base = await slowService();
    const { dir } = await writeConfig({ base_url: base, health_checks: [{ name: 'slow-health', endpoint: '/slow/6000', timeout_seconds: 10 }, { name: 'readiness', endpoint: '/ready' }] });
    const [run, quiet] = await Promise.all([runCli(['run'], { cwd: dir }), runCli(['run', '--quiet'], { cwd: dir })]);
    expect(run.code).toBe(0);
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).not.toContain('still running');
    expect(quiet.stdout).toContain('✓ Smoke tests passed');
    // 5 s after the check started (a busy machine may fire the timer a little late, never early).
    expect(run.stdout).toMatch(/✓ readiness[^\n]*\nstill running: slow-health, 5 s\n {2}✓ slow-health/);
    expect(run.stdout).not.toContain('\x1b');
  });

  it('--quiet prints neither progress nor passing lines', async () => {
    const base = await slowService();
    const { dir } = await writeConfig(config(base));
    const { code, out } = await inTerminal(['run', '--quiet'], dir);
    expect(code).toBe(0);
    expect(out).not.toContain('…');
    expect(out).not.toContain('\x1b[J');
    expect(out).not.toMatch(/✓ readiness/);
    expect(out).toContain('✓ Smoke tests passed');
  });
});
