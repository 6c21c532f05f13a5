import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hookPost } from '../helpers/hook-post.js';
import { health, run as runOf } from '../helpers/result-builder.js';
import { webhookRoutes, type HookApp, type HookRequest, type HookReply } from '../../src/webhooks/routes.js';
import type { SmokeRequest } from '../../src/webhooks/types.js';

/**
 * The route group mounted on a plain node:http server (what Fastify gives it: post(), a parsed
 * JSON body, reply.code().send()), called over HTTP with the exact bytes Flagger sends.
 */
const routes = new Map<string, (req: HookRequest, reply: HookReply) => Promise<unknown>>();
const app: HookApp = { post: (path, handler) => routes.set(path, handler) };
let server: Server;
let base = '';
const asked: SmokeRequest[] = [];

beforeAll(async () => {
  webhookRoutes({
    run: async (r) => {
      asked.push(r);
      return runOf([r.namespace === 'broken' ? health('readiness').fails(503) : health('readiness')]);
    },
  })(app);
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const handler = routes.get(req.url ?? '');
      if (req.method !== 'POST' || !handler) return res.writeHead(404).end();
      const reply: HookReply = { code: (status) => ({ send: (body) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body)) }) };
      void handler({ body: JSON.parse(raw) }, reply);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const post = (path: string, body: string) => hookPost(`${base}${path}`, body);

describe('webhook routes over HTTP', () => {
  it('POST /api/v1/flagger: 200 for a healthy canary, 412 for a failing one', async () => {
    const ok = await post('/api/v1/flagger', '{"name":"podinfo","namespace":"test","phase":"Progressing","checksum":"1a2b3c","metadata":{"base_url":"http://podinfo-canary.test:9898"}}');
    expect(ok).toMatchObject({ status: 200, body: { verdict: 'passed', canary: 'test/podinfo' } });
    const failing = await post('/api/v1/flagger', '{"name":"podinfo","namespace":"broken","phase":"Progressing","checksum":"1a2b3c"}');
    expect(failing.status).toBe(412);
    expect(failing.body.verdict).toBe('critical');
    expect(asked[0]).toEqual({ deployment: 'podinfo', namespace: 'test', baseUrl: 'http://podinfo-canary.test:9898' });
  });

  it('POST /api/v1/analysis: 200 with the verdict, whatever it is', async () => {
    const failing = await post('/api/v1/analysis', '{"deployment":"django","namespace":"broken","base_url":"http://django-canary.prod.svc:8000"}');
    expect(failing).toMatchObject({ status: 200, body: { verdict: 'critical' } });
  });
});
