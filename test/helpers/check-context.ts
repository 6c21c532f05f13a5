import type { CheckContext } from '../../src/checks/check-type.js';
import { createHttpClient, type HttpClient } from '../../src/util/http.js';
import { Redactor } from '../../src/util/redact.js';

/**
 * A CheckContext for calling one check type directly, as the runner would: a real pooled HTTP
 * client and a deadline signal. Call `dispose()` after the test to close pooled connections.
 */
export function testContext(options: { timeoutMs?: number; baseUrl?: string; env?: Record<string, string | undefined>; headers?: Record<string, string>; runVariables?: Record<string, string | undefined> } = {}): CheckContext & { dispose(): Promise<void>; httpClient: HttpClient } {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const http = createHttpClient();
  const base = options.baseUrl;
  return {
    signal: controller.signal,
    deadline: Date.now() + timeoutMs,
    http,
    httpClient: http,
    resolveUrl: (endpoint) => (/^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint) || !base ? endpoint : new URL(endpoint.replace(/^\//, ''), base.endsWith('/') ? base : `${base}/`).toString()),
    headers: options.headers ?? {},
    env: options.env ?? {},
    redactor: new Redactor(),
    runVariables: options.runVariables,
    async dispose() {
      clearTimeout(timer);
      await http.close();
    },
  };
}
