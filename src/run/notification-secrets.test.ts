import { afterAll, beforeAll, expect, it } from 'vitest';
import { validateConfig } from '../config/load.js';
import { startHttpTarget, type HttpTarget } from '../../test/helpers/http-target.js';
import { closedPort } from '../../test/helpers/silent-server.js';
import { run, type RunEvent } from './pipeline.js';

/**
 * Notification secrets are known from the start of a run, not only once the notification stage
 * registers them: a library caller passes the config alone (no `secrets`), and a check that ends
 * before that stage must not show a channel's token in its live event.
 */
const TOKEN = 'abcdefghijklmnopqrstuvwx';
let target: HttpTarget;
beforeAll(async () => {
  // A service that echoes what it was configured with, token included, in its error page.
  target = await startHttpTarget({ '/health': { status: 500, body: `misconfigured: alerts go to /services/T0AAAAAAA/B0BBBBBBB/${TOKEN}` } });
});
afterAll(() => target.close());

it('run() registers notification secrets before any check ends: live events and the result never show them', async () => {
  const webhook = `http://127.0.0.1:${await closedPort()}/services/T0AAAAAAA/B0BBBBBBB/${TOKEN}`;
  const { config } = validateConfig({
    base_url: target.url,
    health_checks: [{ name: 'basic-health', endpoint: '/health', required: false }],
    notifications: { channels: { ops: { type: 'slack', webhook_url: webhook, events: ['warning'], retries: 0 } } },
  }, { env: {} });
  const events: RunEvent[] = [];
  const result = await run(config, { env: {}, onEvent: (e) => events.push(e) });
  const finished = events.find((e) => e.kind === 'check_finished');
  expect(finished).toBeDefined();
  expect(JSON.stringify(finished)).toContain('misconfigured: alerts go to');
  expect(JSON.stringify(events)).not.toContain(TOKEN);
  expect(JSON.stringify(result)).not.toContain(TOKEN);
});
