import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, startSilentServer } from '../../../test/helpers/silent-server.js';
import { mismatch, runCheck, type Expectation } from '../../../test/helpers/run-check.js';
import { mysql } from './mysql.js';

// A MariaDB user the test creates with a known password, so wrong credentials are real ones.
// Named per process: two test runs on one machine (CI plus a developer) must not drop each other's user.
const USER = `smokeguard_app_${process.pid}`;
const PASSWORD = 'app-secret-4711';
const sql = (statement: string) => execFileSync('mysql', ['-uroot', '-h127.0.0.1', '-e', statement]);

let silent: Awaited<ReturnType<typeof startSilentServer>>;
let refused: number;

beforeAll(async () => {
  sql(`CREATE USER IF NOT EXISTS '${USER}'@'127.0.0.1' IDENTIFIED BY '${PASSWORD}'; CREATE USER IF NOT EXISTS '${USER}'@'localhost' IDENTIFIED BY '${PASSWORD}'; GRANT SELECT ON test.* TO '${USER}'@'127.0.0.1'; GRANT SELECT ON test.* TO '${USER}'@'localhost';`);
  silent = await startSilentServer();
  refused = await closedPort();
});
afterAll(async () => {
  sql(`DROP USER IF EXISTS '${USER}'@'127.0.0.1'; DROP USER IF EXISTS '${USER}'@'localhost';`);
  await silent.close();
});

const scenarios: Array<{ name: string; options: () => Record<string, unknown>; env?: () => Record<string, string>; timeoutMs?: number; expect: Expectation }> = [
  { name: 'healthy: url, default SELECT 1', options: () => ({ url: `mysql://${USER}:${PASSWORD}@127.0.0.1:3306/test` }), expect: { status: 'passed', details: { rows: 1 } } },
  { name: 'healthy: fields and a query of its own', options: () => ({ host: '127.0.0.1', user: USER, password: PASSWORD, database: 'test', query: 'SELECT 1 UNION SELECT 2' }), expect: { status: 'passed', details: { rows: 2 } } },
  { name: 'healthy: MYSQL_URL by default', options: () => ({}), env: () => ({ MYSQL_URL: `mysql://${USER}:${PASSWORD}@127.0.0.1/test` }), expect: { status: 'passed' } },
  { name: 'healthy: mariadb:// scheme', options: () => ({ url: `mariadb://${USER}:${PASSWORD}@127.0.0.1/test` }), expect: { status: 'passed' } },
  { name: 'MYSQL_URL that is no MySQL URL', options: () => ({}), env: () => ({ MYSQL_URL: `postgres://${USER}:${PASSWORD}@127.0.0.1/test` }), expect: { status: 'error', reason: /^MYSQL_URL is not a URL like mysql:\/\/user:password@host:3306\/db$/ } },
  { name: 'no connection settings at all', options: () => ({}), expect: { status: 'error', reason: /set url \(or host\) on the check, or MYSQL_URL/ } },
  { name: 'wrong password', options: () => ({ url: `mysql://${USER}:wrong-password@127.0.0.1:3306/test` }), expect: { status: 'failed', reason: /^authentication failed for user 'smokeguard_app_\d+' at 127\.0\.0\.1:3306\/test$/, errorCode: 'ER_ACCESS_DENIED_ERROR' } },
  { name: 'database not granted', options: () => ({ host: '127.0.0.1', user: USER, password: PASSWORD, database: 'mysql' }), expect: { status: 'failed', reason: /Access denied for user 'smokeguard_app_\d+'.* to database 'mysql'/ } },
  { name: 'query fails', options: () => ({ url: `mysql://${USER}:${PASSWORD}@127.0.0.1/test`, query: 'SELECT * FROM no_such_table' }), expect: { status: 'failed', reason: /no_such_table' doesn't exist/, errorCode: 'ER_NO_SUCH_TABLE' } },
  { name: 'TLS required, server offers none', options: () => ({ url: `mysql://${USER}:${PASSWORD}@127.0.0.1/test`, ssl: 'no-verify' }), expect: { status: 'failed', reason: /^127\.0\.0\.1:3306\/test does not offer TLS, but the check requires it \(ssl\)$/, errorCode: 'HANDSHAKE_NO_SSL_SUPPORT' } },
  { name: 'nothing listening', options: () => ({ host: '127.0.0.1', port: refused, user: USER }), expect: { status: 'failed', reason: /^connection refused at 127\.0\.0\.1:\d+$/, errorCode: 'ECONNREFUSED' } },
  { name: 'accepts then silent: cut at the timeout', options: () => ({ host: '127.0.0.1', port: silent.port, user: USER }), timeoutMs: 1000, expect: { status: 'cut', withinMs: 2000 } },
  { name: 'query slower than the timeout: cut', options: () => ({ url: `mysql://${USER}:${PASSWORD}@127.0.0.1/test`, query: 'SELECT SLEEP(5)' }), timeoutMs: 1000, expect: { status: 'cut', withinMs: 2000 } },
];

describe('mysql check (real MariaDB on 127.0.0.1:3306)', () => {
  it.each(scenarios)('$name', async ({ options, env, timeoutMs, expect: expected }) => {
    const run = await runCheck(mysql, options(), { timeoutMs, env: env?.() });
    expect(mismatch(run, expected)).toBeUndefined();
  });

  it('registers the password so no output shows it', async () => {
    const run = await runCheck(mysql, { url: `mysql://${USER}:${PASSWORD}@127.0.0.1:${refused}/test` });
    expect(run.redact(`failed: mysql://${USER}:${PASSWORD}@host ${PASSWORD}`)).not.toContain(PASSWORD);
    expect(JSON.stringify(run.outcome)).not.toContain(PASSWORD);
  });
});
