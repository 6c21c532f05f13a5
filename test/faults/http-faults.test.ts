import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpTarget, type HttpTarget } from '../helpers/http-target.js';
import { closedPort, startSilentServer } from '../helpers/silent-server.js';
import { testPki } from '../helpers/tls-certs.js';
import { expectRun, PROCESS_MARGIN_MS, runFault, type Expected } from './harness.js';
import { startBlackhole, startRawServer, type RawServer } from './servers.js';

/**
 * Every HTTP fault named right, through the built CLI against real misbehaving servers: each
 * scenario is one `smokeguard run` with one required check (`probe`, 1 s timeout unless said).
 */
let raw: RawServer;
let silent: Awaited<ReturnType<typeof startSilentServer>>;
let hole: Awaited<ReturnType<typeof startBlackhole>>;
let target: HttpTarget;
let tlsTargets: HttpTarget[] = [];
let refusedPort: number;
let flaky = 0;
/** Peak memory of a run whose check reads a 16-byte body: what a cut big body is compared with. */
let baselineRssKb = 0;
const pki = testPki();
const ietf = (status: string, checks: Record<string, unknown>) => ({ headers: { 'content-type': 'application/health+json' }, body: { status, checks } });

beforeAll(async () => {
  [raw, silent, hole, refusedPort] = await Promise.all([startRawServer(), startSilentServer(), startBlackhole(), closedPort()]);
  target = await startHttpTarget({
    '/gzip': { headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: gzipSync(JSON.stringify({ status: 'ok', version: '1.4.2' })) },
    '/deflate': { headers: { 'content-type': 'application/json', 'content-encoding': 'deflate' }, body: deflateSync(JSON.stringify({ status: 'ok', version: '1.4.2' })) },
    '/br': { headers: { 'content-type': 'application/json', 'content-encoding': 'br' }, body: brotliCompressSync(JSON.stringify({ status: 'ok', version: '1.4.2' })) },
    // 32 MiB of JSON in ~32 KiB of gzip: the cap counts decoded bytes, as blackbox_exporter's does.
    '/gzip-bomb': { headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: gzipSync(Buffer.from(`{"status":"ok","padding":"${'0'.repeat(32 * 1024 * 1024)}"}`)) },
    '/gzip-corrupt': { headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: Buffer.from('{"status":"ok"}') },
    '/ietf-fail': ietf('fail', { 'postgres:connections': [{ status: 'fail', output: 'connect ECONNREFUSED 10.0.0.5:5432' }], 'redis:ping': [{ status: 'pass' }] }),
    '/ietf-warn': ietf('warn', { 'disk:utilization': [{ status: 'warn', output: '91% used' }] }),
    '/loop': { status: 302, headers: { location: '/loop' } },
    '/flaky': () => (++flaky <= 2 ? { status: 503, body: 'warming up' } : { body: { status: 'ok' } }),
  });
  baselineRssKb = (await runFault({ health_checks: [{ name: 'probe', url: `${raw.url}/ok` }] })).peakRssKb;
  tlsTargets = await Promise.all([pki.selfSigned, pki.wrongHost, pki.expired].map((cert) => startHttpTarget({ '/health': { body: { status: 'ok' } } }, cert)));
});
afterAll(async () => {
  await Promise.all([raw.close(), silent.close(), hole.close(), target.close(), ...tlsTargets.map((t) => t.close())]);
});

interface Scenario extends Omit<Expected, 'checks' | 'maxMs' | 'code' | 'verdict'> {
  name: string;
  /** The probe's config: endpoint or url, and anything else. */
  probe: () => Record<string, unknown>;
  config?: () => Record<string, unknown>;
  status: Expected['checks'][string]['status'];
  reason?: () => RegExp;
  errorCode?: string;
  httpStatus?: number;
  severity?: Expected['checks'][string]['severity'];
  code?: number;
  verdict?: Expected['verdict'];
  /** The longest the checks may take (their timeout); the process gets PROCESS_MARGIN_MS more. */
  budgetMs?: number;
  after?: (report: Awaited<ReturnType<typeof runFault>>) => void;
}

const port = (url: string) => new URL(url).port;
const at = (url: string) => `127\\.0\\.0\\.1:${port(url)}`;
const re = (s: string) => new RegExp(s);

/** A big body costs about its 1 MiB cap: the server could hand over little more (socket buffers), and memory stays near a tiny body's. */
function expectFlat(run: Awaited<ReturnType<typeof runFault>>, sentBytes: number): void {
  expect(sentBytes).toBeLessThan(16 * 1024 * 1024);
  expect(baselineRssKb, 'peak RSS was sampled').toBeGreaterThan(0);
  expect(run.peakRssKb / 1024, 'peak RSS, MiB (a tiny body\'s run is the baseline)').toBeLessThan(baselineRssKb / 1024 + 24);
}

const scenarios: Scenario[] = [
  // Connections that never get going.
  { name: 'refused', probe: () => ({ url: `http://127.0.0.1:${refusedPort}/health` }), status: 'failed', errorCode: 'ECONNREFUSED', reason: () => re(`^connection refused at http://127\\.0\\.0\\.1:${refusedPort}/health$`), finding: /Service down: every check was refused/ },
  { name: 'blackholed connect', probe: () => ({ url: `http://127.0.0.1:${hole.port}/health` }), status: 'timed_out', reason: () => re(`^timeout: connect not accepted within 1 s at 127\\.0\\.0\\.1:${hole.port}$`), finding: /firewall or network policy drops the packets/, budgetMs: 1_000 },
  { name: 'accept and silent', probe: () => ({ url: `${silent.url('http')}/health` }), status: 'timed_out', reason: () => re(`^timeout: no response headers within 1 s after connect at ${at(silent.url('http'))}$`), finding: /application hangs/, budgetMs: 1_000 },
  { name: 'TLS handshake never answered', probe: () => ({ url: `${silent.url('https')}/health` }), status: 'timed_out', reason: () => re(`^timeout: TLS handshake unfinished within 1 s at ${at(silent.url('https'))}$`), budgetMs: 1_000 },
  { name: 'slowloris headers', probe: () => ({ url: `${raw.url}/slowloris-headers` }), status: 'timed_out', reason: () => re(`^timeout: no response headers within 1 s after connect at ${at(raw.url)}$`), budgetMs: 1_000 },
  { name: 'slowloris body', probe: () => ({ url: `${raw.url}/slow-body` }), status: 'timed_out', reason: () => re(`^timeout: response body unfinished within 1 s at ${at(raw.url)} \\(status 200, \\d+ bytes read\\)$`), finding: /sent its body too slowly/, budgetMs: 1_000 },
  // Connections that break, each kind named apart (none of them is "service down").
  { name: 'reset before any response', probe: () => ({ url: `${raw.url}/reset-before-response` }), status: 'failed', errorCode: 'ECONNRESET', reason: () => re(`^connection reset by peer before any response at ${raw.url}/reset-before-response$`), finding: /Connection reset before any response/, noFinding: /Service down|Nothing accepts/ },
  { name: 'closed without a response', probe: () => ({ url: `${raw.url}/close-without-response` }), status: 'failed', errorCode: 'EMPTY_RESPONSE', reason: () => /^connection closed without a response at .* \(the server accepted the request, then hung up\)$/, finding: /Connection closed without a response/, noFinding: /Service down|Nothing accepts/ },
  { name: 'reset mid-body', probe: () => ({ url: `${raw.url}/reset-mid-body` }), status: 'failed', errorCode: 'RESET_MID_BODY', httpStatus: 200, reason: () => /^connection reset by peer mid-body at .*\/reset-mid-body \(status 200 kept, 7 of 1000 bytes\)$/, finding: /Connection reset mid-body/, noFinding: /Service down/ },
  { name: 'premature end of a sized body', probe: () => ({ url: `${raw.url}/premature-end` }), status: 'failed', errorCode: 'PREMATURE_END', httpStatus: 200, reason: () => /^response body ended early at .*\/premature-end \(status 200 kept, 7 of 1000 bytes\)$/, finding: /Response body ended early/, noFinding: /Service down|Nothing accepts|reset/ },
  { name: 'premature end of a chunked body', probe: () => ({ url: `${raw.url}/premature-end-chunked` }), status: 'failed', errorCode: 'PREMATURE_END', httpStatus: 200, reason: () => /\(status 200 kept, 7 bytes, chunked body unfinished\)$/, finding: /Response body ended early/, noFinding: /Service down|Nothing accepts|reset/ },
  // Bodies: big, endless, compressed, corrupt, contradicting the status.
  { name: 'a 2 MiB health body, status only', probe: () => ({ url: `${raw.url}/big-json` }), status: 'passed', httpStatus: 200 },
  { name: 'a 2 MiB health body with a JSON assertion', probe: () => ({ url: `${raw.url}/big-json`, expect: { json: { '$.status': 'ok' } } }), status: 'failed', httpStatus: 200, reason: () => /^json \$\.status: expected "ok", got \(body larger than 1 MiB, not parsed\)$/, noFinding: /Service down|Nothing accepts|reset|ended early/ },
  { name: 'a 100 MB body: cut after 1 MiB, never downloaded', probe: () => ({ url: `${raw.url}/100mb` }), status: 'passed', httpStatus: 200, after: (run) => expectFlat(run, raw.sent('/100mb')) },
  { name: 'an endless chunked body: cut after 1 MiB', probe: () => ({ url: `${raw.url}/endless` }), status: 'passed', httpStatus: 200, after: (run) => expectFlat(run, raw.sent('/endless')) },
  { name: 'a gzip JSON body is decoded', probe: () => ({ url: `${target.url}/gzip`, expect: { json: { '$.version': '1.4.2' } } }), status: 'passed', httpStatus: 200, after: () => expect(target.requests.at(-1)!.headers['accept-encoding']).toBe('gzip, deflate, br') },
  { name: 'a deflate JSON body is decoded', probe: () => ({ url: `${target.url}/deflate`, expect: { json: { '$.version': '1.4.2' } } }), status: 'passed', httpStatus: 200 },
  { name: 'a brotli JSON body is decoded', probe: () => ({ url: `${target.url}/br`, expect: { json: { '$.version': '1.4.2' } } }), status: 'passed', httpStatus: 200 },
  { name: 'a gzip body inflating to 32 MiB, status only: passes', probe: () => ({ url: `${target.url}/gzip-bomb` }), status: 'passed', httpStatus: 200, after: (run) => expectFlat(run, 0) },
  { name: 'a gzip body inflating to 32 MiB, with a JSON assertion: cut after 1 MiB decoded', probe: () => ({ url: `${target.url}/gzip-bomb`, expect: { json: { '$.status': 'ok' } } }), status: 'failed', httpStatus: 200, reason: () => /^json \$\.status: expected "ok", got \(body larger than 1 MiB, not parsed\)$/, after: (run) => expectFlat(run, 0) },
  { name: 'a corrupt gzip body is named as such', probe: () => ({ url: `${target.url}/gzip-corrupt`, expect: { json: { '$.status': 'ok' } } }), status: 'failed', reason: () => /got \(body is not valid gzip \(content-encoding: gzip\): incorrect header check\)$/ },
  { name: 'invalid JSON', probe: () => ({ url: `${raw.url}/invalid-json`, expect: { json: { '$.status': 'ok' } } }), status: 'failed', reason: () => /^json \$\.status: expected "ok", got \(body is not JSON\)$/ },
  { name: 'a 200 whose health+json body says fail', probe: () => ({ url: `${target.url}/ietf-fail` }), status: 'failed', httpStatus: 200, reason: () => /^body status "fail" contradicts 200 \(application\/health\+json\): postgres:connections: connect ECONNREFUSED 10\.0\.0\.5:5432$/ },
  { name: 'a 200 whose health+json body says warn', probe: () => ({ url: `${target.url}/ietf-warn` }), status: 'passed', severity: 'warning', code: 0, verdict: 'warning', reason: () => /^body status "warn" \(application\/health\+json\): disk:utilization: 91% used$/ },
  { name: 'body_status: ignore', probe: () => ({ url: `${target.url}/ietf-fail`, body_status: 'ignore' }), status: 'passed' },
  // Protocol oddities.
  { name: 'a redirect loop', probe: () => ({ url: `${target.url}/loop` }), status: 'failed', errorCode: 'REDIRECT_LIMIT', httpStatus: 302, reason: () => re(`^redirect limit \\(5\\) reached: ${target.url}/loop( → ${target.url}/loop){5} \\(last answer 302\\)$`) },
  { name: 'HTTP/1.0', probe: () => ({ url: `${raw.url}/http10`, expect: { body_contains: 'all good' } }), status: 'passed', httpStatus: 200 },
  { name: 'retries: two 503s, then 200', probe: () => ({ url: `${target.url}/flaky`, timeout_seconds: 10, retries: { attempts: 3, initial_delay_ms: 50 } }), status: 'passed', httpStatus: 200, after: (run) => expect(run.report.checks[0]!.attempts).toBe(3), budgetMs: 2_000 },
  // TLS.
  { name: 'TLS self-signed', probe: () => ({ url: `${tlsTargets[0]!.url}/health`, ca_file: pki.caFile }), status: 'failed', errorCode: 'DEPTH_ZERO_SELF_SIGNED_CERT', reason: () => /^TLS certificate is self-signed at https:\/\/localhost/, finding: /TLS certificate problem/ },
  { name: 'TLS wrong host', probe: () => ({ url: `${tlsTargets[1]!.url}/health`, ca_file: pki.caFile }), status: 'failed', errorCode: 'ERR_TLS_CERT_ALTNAME_INVALID', reason: () => /does not match the host name/ },
  { name: 'TLS expired', probe: () => ({ url: `${tlsTargets[2]!.url}/health`, ca_file: pki.caFile }), status: 'failed', errorCode: 'CERT_HAS_EXPIRED', reason: () => /^TLS certificate has expired at https:\/\/localhost/ },
  // The run's deadline.
  {
    name: 'the run deadline cuts a check with a longer timeout',
    config: () => ({ timeout_seconds: 1.5 }),
    probe: () => ({ url: `${silent.url('http')}/health`, timeout_seconds: 30 }),
    status: 'timed_out',
    reason: () => re(`^run deadline reached after 1(\\.\\d)? s, before the check's own 30 s timeout, waiting for response headers from ${at(silent.url('http'))}$`),
    finding: /cut by the run deadline after 1(\.\d)? s/,
    noFinding: /timeout after 30 s/,
    budgetMs: 1_500,
    after: (run) => expect(run.report.deadlineReached).toBe(true),
  },
];

describe('HTTP faults through the CLI', () => {
  it.each(scenarios)('$name', async (s) => {
    const run = await runFault({ timeout_seconds: 30, ...s.config?.(), health_checks: [{ name: 'probe', timeout_seconds: 1, required: true, ...s.probe() }] });
    const failing = s.status !== 'passed' || s.severity === 'warning';
    expectRun(run, {
      code: s.code ?? (failing ? 1 : 0),
      verdict: s.verdict ?? (failing ? 'critical' : 'passed'),
      checks: { probe: { status: s.status, reason: s.reason?.(), errorCode: s.errorCode, httpStatus: s.httpStatus, severity: s.severity } },
      finding: s.finding,
      noFinding: s.noFinding,
      maxMs: (s.budgetMs ?? 0) + PROCESS_MARGIN_MS,
    });
    s.after?.(run);
  });

  it('a critical path cut by its timeout keeps its finished steps and marks the one that hung', async () => {
    const run = await runFault({
      base_url: raw.url,
      critical_paths: [{ name: 'user-login', timeout_seconds: 1, required: true, steps: [{ endpoint: '/ok' }, { method: 'GET', endpoint: '/silent' }, { endpoint: '/ok' }] }],
    });
    expectRun(run, {
      code: 1,
      verdict: 'critical',
      checks: { 'user-login': { status: 'timed_out', reason: re(`^timeout: no response headers within 1 s after connect at ${at(raw.url)} \\(step 2: GET /silent\\)$`) } },
      maxMs: 1_000 + PROCESS_MARGIN_MS,
    });
    const steps = run.report.checks[0]!.steps!;
    expect(steps.map((s) => s.status)).toEqual(['passed', 'timed_out', 'not_run']);
    expect(steps[0]!.httpStatus).toBe(200);
    expect(steps[1]!.reason).toBe(`cut by the path's deadline while waiting for response headers from 127.0.0.1:${port(raw.url)}`);
  });
});
