import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunResult } from '../../core/types.js';
import { createHttpClient } from '../../util/http.js';
import { timeoutSignal } from '../../util/abort.js';
import { EXIT } from '../exit-codes.js';
import { write } from '../output.js';
import { UsageError } from '../usage-error.js';

export interface PublishFlags {
  dashboard?: string;
  store?: string;
  timeout: number;
}

type Io = { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream; env: NodeJS.ProcessEnv };

/** A report directory (its report.json) or the file itself. */
async function readReport(path: string): Promise<{ file: string; report: RunResult }> {
  let file = path;
  try {
    if ((await stat(path)).isDirectory()) file = join(path, 'report.json');
  } catch {
    throw new UsageError(`${path}: no such file or directory (give a report directory or its report.json)`);
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UsageError(`${file}: cannot be read (a report directory holds report.json; write it with --report-dir)`);
  }
  try {
    const report = JSON.parse(text) as RunResult;
    if (!report || typeof report !== 'object' || typeof report.runId !== 'string' || !Array.isArray(report.checks)) throw new Error('not a smokeguard report');
    return { file, report };
  } catch (err) {
    throw new UsageError(`${file}: not a smokeguard report.json (${err instanceof Error ? err.message : String(err)})`);
  }
}

/** `smokeguard publish DIR|report.json`: uploads a finished run after the fact (CI artifacts). Idempotent. */
export async function publishCommand(path: string, flags: PublishFlags, io: Io): Promise<number> {
  const url = flags.dashboard ?? io.env.SMOKEGUARD_DASHBOARD_URL;
  if (!url && !flags.store) throw new UsageError('publish needs a dashboard (--dashboard URL or SMOKEGUARD_DASHBOARD_URL) or a store (--store URL)');
  const { file, report } = await readReport(path);
  const http = createHttpClient();
  const sink = flags.store
    ? (await import('../../dashboard/feed/store-sink.js')).createStoreSink(flags.store)
    : (await import('../../dashboard/feed/http-sink.js')).createHttpSink(url!, io.env.SMOKEGUARD_DASHBOARD_TOKEN || undefined, http);
  const t = timeoutSignal(flags.timeout * 1000);
  try {
    await sink.finished(report, t.signal);
    await write(io.stdout, `Published run ${report.runId} (${report.verdict}) from ${file} to ${sink.where}\n`);
    return EXIT.PASSED;
  } catch (err) {
    const why = t.signal.aborted ? `no answer within ${flags.timeout} s` : err instanceof Error ? err.message : String(err);
    await write(io.stderr, `smokeguard: could not publish run ${report.runId} to ${sink.where}: ${why}\n`);
    return EXIT.CRITICAL;
  } finally {
    t.dispose();
    await sink.close();
    await http.close();
  }
}
