import { request as httpRequest } from 'node:http';

/**
 * A POST as Flagger's callWebhook makes it (pkg/controller/webhook.go): Content-Type
 * application/json, Go's default User-Agent, the marshalled payload, no other header.
 */
export function hookPost(url: string, body: string): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': 'Go-http-client/1.1' } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
