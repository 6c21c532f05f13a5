import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { criticalRun, passedRun } from '../../test/helpers/report-fixtures.js';
import { health, run } from '../../test/helpers/result-builder.js';
import { closedPort } from '../../test/helpers/silent-server.js';
import { parseExposition, sampleWith } from '../../test/monitoring/exposition-parser.js';
import { configSchema } from '../config/schema.js';
import { createHttpClient, type HttpClient } from '../util/http.js';
import { feedMonitoring } from './index.js';
import { writeTextfile } from './textfile.js';

let dir: string;
let http: HttpClient;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'smokeguard-textfile-'));
  http = createHttpClient();
});
afterAll(async () => {
  await http.close();
  await rm(dir, { recursive: true, force: true });
});

const soon = (): number => Date.now() + 10_000;
const feed = (textfile: string, result = passedRun()) => feedMonitoring({ result, http, deadline: soon(), config: configSchema.parse({ monitoring: { textfile, labels: { cluster: 'eu-1' } } }) });

describe('textfile sink', () => {
  test('writes a parseable exposition, replaces the previous run, leaves no temporary file', async () => {
    const path = join(dir, 'replace', 'smokeguard.prom');
    await mkdir(join(dir, 'replace'));
    await writeFile(path, 'old content\n');
    expect(await feed(path, criticalRun())).toMatchObject([{ sink: 'textfile', status: 'sent', target: path }]);
    let f = parseExposition(await readFile(path, 'utf8'));
    expect(sampleWith(f, 'smokeguard_run_success', { cluster: 'eu-1' }).value).toBe(0);

    expect(await feed(path, passedRun())).toMatchObject([{ status: 'sent' }]);
    f = parseExposition(await readFile(path, 'utf8'));
    expect(sampleWith(f, 'smokeguard_run_success', { cluster: 'eu-1' }).value).toBe(1);
    expect(await readdir(join(dir, 'replace'))).toEqual(['smokeguard.prom']);
  });

  test('a reader polling the file never sees a half-written run', async () => {
    const path = join(dir, 'atomic.prom');
    // ~300 kB per run: a plain truncate-and-write would be seen empty or cut.
    const big = run(Array.from({ length: 300 }, (_, i) => health(`check-${i}`).fails(500)));
    const small = run([health('api')]);
    await writeTextfile(path, (await import('./render.js')).renderPrometheus(small), AbortSignal.timeout(5_000));
    let writing = true;
    let reads = 0;
    const reader = (async () => {
      while (writing) {
        const text = await readFile(path, 'utf8');
        // Throws on a truncated line or a missing final line feed; an empty file has no run.
        expect(parseExposition(text).has('smokeguard_run_success'), `read ${reads}: ${text.length} chars`).toBe(true);
        reads++;
      }
    })();
    for (let i = 0; i < 12; i++) expect(await feed(path, i % 2 ? small : big)).toMatchObject([{ status: 'sent' }]);
    writing = false;
    await reader;
    expect(reads).toBeGreaterThan(5);
  });

  test.each([
    ['the directory does not exist', (d: string) => join(d, 'missing', 'smokeguard.prom'), /^cannot write .*missing\/smokeguard\.prom: its directory does not exist \(ENOENT\)$/],
    ['the path is a directory', (d: string) => d, /^cannot write .*isdir\.prom: it is a directory \(EISDIR\)$/],
  ])('%s: failed with the reason, nothing thrown', async (_name, pathOf, reason) => {
    const target = pathOf(join(dir, 'isdir.prom'));
    await mkdir(join(dir, 'isdir.prom'), { recursive: true });
    const [outcome] = await feed(target);
    expect(outcome).toMatchObject({ sink: 'textfile', status: 'failed', target });
    expect(outcome.error).toMatch(reason);
    expect((await readdir(join(dir, 'isdir.prom'))).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  test('both sinks run; one failing does not stop the other', async () => {
    const path = join(dir, 'both.prom');
    const url = `http://127.0.0.1:${await closedPort()}`;
    const outcomes = await feedMonitoring({ result: passedRun(), http, deadline: soon(), config: configSchema.parse({ monitoring: { textfile: path, pushgateway: { url } } }) });
    expect(outcomes).toMatchObject([{ sink: 'pushgateway', status: 'failed' }, { sink: 'textfile', status: 'sent', target: path }]);
    parseExposition(await readFile(path, 'utf8'));
  });
});
