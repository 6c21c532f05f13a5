import { abortable } from '../../util/abort.js';
import { displayStore, openStore } from '../store/open.js';
import type { RunStore } from '../store/types.js';
import type { RunSink } from './sink.js';

/**
 * `run --store URL`: writes straight to the store, no server. The store opens on first use
 * (the driver loads then), and every call is cut by its signal.
 */
export function createStoreSink(url: string): RunSink {
  let opening: Promise<RunStore> | undefined;
  const store = (signal: AbortSignal) => abortable(signal, (opening ??= openStore(url)));
  return {
    where: displayStore(url),
    started: async (s, signal) => abortable(signal, (await store(signal)).recordStart(s)),
    awaiting: async (s, info, signal) => abortable(signal, (await store(signal)).recordAwaiting(s, info)),
    watching: async (s, watch, signal) => abortable(signal, (await store(signal)).recordWatch(s, watch)),
    finished: async (report, signal) => {
      await abortable(signal, (await store(signal)).recordFinished(report));
    },
    baseline: async (deployment, runs, signal) => abortable(signal, (await store(signal)).goodDurations(deployment, runs)),
    async close() {
      if (opening) await (await opening.catch(() => undefined))?.close().catch(() => {});
    },
  };
}
