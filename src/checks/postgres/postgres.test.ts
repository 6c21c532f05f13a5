import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext } from '../../../test/helpers/check-context.js';
import { closedPort, startSilentServer } from '../../../test/helpers/silent-server.js';
import { PG_URL } from '../../../test/helpers/cli.js';
import type { CommonCheckOptions } from '../check-type.js';
import { postgres } from './postgres.js';

/** Against the real PostgreSQL on this machine (trust auth), a closed port and a silent server. */
let silent: Awaited<ReturnType<typeof startSilentServer>>;
beforeAll(async () => {
  silent = await startSilentServer();
});
afterAll(() => silent.close());

const base: CommonCheckOptions = { name: 'database', type: 'postgres', required: true, timeout_seconds: 2 };

async function check(options: Record<string, unknown>, timeoutMs = 2_000, env: Record<string, string> = {}) {
  const ctx = testContext({ timeoutMs, env });
  const started = Date.now();
  try {
    const outcome = await postgres.run({ ...base, query: 'SELECT 1', ...options } as CommonCheckOptions, ctx);
    return { outcome, ms: Date.now() - started, aborted: false };
  } catch (err) {
    return { outcome: undefined, ms: Date.now() - started, aborted: ctx.signal.aborted, err };
  } finally {
    await ctx.dispose();
  }
}

describe('postgres check', () => {
  it('healthy: SELECT 1 through url', async () => {
    const { outcome } = await check({ url: PG_URL });
    expect(outcome).toMatchObject({ status: 'passed', target: '127.0.0.1:5432/test', summary: expect.stringMatching(/^PostgreSQL \d+/) });
    expect(outcome!.details!.rows).toBe(1);
  });

  it('takes DATABASE_URL when the check has no url', async () => {
    const { outcome } = await check({}, 2_000, { DATABASE_URL: PG_URL });
    expect(outcome!.status).toBe('passed');
  });

  it('no connection settings at all is a test execution error (a warning, never a rollback) that says what to set', async () => {
    const { outcome } = await check({});
    expect(outcome).toMatchObject({ status: 'error' });
    expect(outcome!.reason).toContain('DATABASE_URL');
  });

  it('a database that does not exist', async () => {
    const { outcome } = await check({ url: 'postgres://postgres@127.0.0.1:5432/no_such_db_smokeguard' });
    expect(outcome).toMatchObject({ status: 'failed', errorCode: '3D000' });
    expect(outcome!.reason).toContain('no_such_db_smokeguard');
  });

  it('a failing query names the error', async () => {
    const { outcome } = await check({ url: PG_URL, query: 'SELECT * FROM no_such_table_smokeguard' });
    expect(outcome).toMatchObject({ status: 'failed', errorCode: '42P01' });
  });

  it('nothing listening', async () => {
    const port = await closedPort();
    const { outcome } = await check({ url: `postgres://postgres@127.0.0.1:${port}/test` });
    expect(outcome).toMatchObject({ status: 'failed', errorCode: 'ECONNREFUSED', reason: `connection refused at 127.0.0.1:${port}/test` });
  });

  it('a server that accepts and never answers is cut at the timeout', async () => {
    const { outcome, ms, aborted } = await check({ url: `postgres://postgres@127.0.0.1:${silent.port}/test` }, 1_000);
    // Either the driver's own connect timeout (derived from the deadline) or our abort ends it, at ~1 s.
    if (outcome) expect(outcome.status).toBe('failed');
    else expect(aborted).toBe(true);
    expect(ms).toBeGreaterThanOrEqual(900);
    expect(ms).toBeLessThan(2_000);
  });

  it('a slow query (pg_sleep(10)) with a 1 s budget ends in about a second, cancelled server-side', async () => {
    const { outcome, ms, aborted } = await check({ url: PG_URL, query: 'SELECT pg_sleep(10) /* smokeguard-slow-test */' }, 1_000);
    if (outcome) expect(outcome.status).toBe('failed');
    else expect(aborted).toBe(true);
    expect(ms).toBeLessThan(2_000);
    // Nothing keeps sleeping on the server after our deadline (statement_timeout came with the connection).
    await new Promise((r) => setTimeout(r, 500));
    const probe = await check({ url: PG_URL, query: "SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE '%smokeguard-slow-test%' AND state = 'active' AND pid <> pg_backend_pid()" });
    expect(probe.outcome!.status).toBe('passed');
    expect(probe.outcome!.details!.firstValue).toBe(0);
  });
});
