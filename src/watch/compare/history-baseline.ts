import type { SmokeConfig } from '../../config/schema.js';
import type { RunSink } from '../../dashboard/feed/sink.js';
import type { HistoryTarget } from '../../run/history-stage.js';
import type { HttpClient } from '../../util/http.js';
import type { BaselineSource } from './baseline.js';

/**
 * The default baseline of a watch when a dashboard or store is configured: the deployment's last
 * good runs there (`goodDurations`). Read once, before the watch starts, so the new version's
 * own runs (this watch publishes too) never join the previous version's samples. A store that
 * cannot be read is said by the comparison ("could not be read"), never a failed watch.
 */
export async function baselineFromHistory(
  config: SmokeConfig,
  target: HistoryTarget,
  deployment: string,
  runs: number,
  http?: HttpClient,
): Promise<BaselineSource> {
  const timeoutMs = (config.dashboard?.timeout_seconds ?? 3) * 1000;
  let ownHttp: HttpClient | undefined;
  let sink: RunSink;
  if (target.store) {
    sink = (await import('../../dashboard/feed/store-sink.js')).createStoreSink(target.store);
  } else {
    const client = http ?? (ownHttp = (await import('../../util/http.js')).createHttpClient());
    sink = (await import('../../dashboard/feed/http-sink.js')).createHttpSink(target.url!, target.token, client);
  }
  let read: { samples: Record<string, number[]> } | { error: unknown };
  try {
    read = { samples: await sink.baseline(deployment, runs, AbortSignal.timeout(timeoutMs)) };
  } catch (error) {
    read = { error };
  } finally {
    await sink.close().catch(() => {});
    await ownHttp?.close().catch(() => {});
  }
  return async () => {
    if ('error' in read) throw read.error;
    if (!Object.keys(read.samples).length) return undefined;
    return { source: `last ${runs} good runs of ${deployment} in ${sink.where}`, samples: read.samples };
  };
}
