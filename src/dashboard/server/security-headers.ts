import type { FastifyInstance } from 'fastify';

/**
 * Every answer: a strict Content-Security-Policy (our own script file only, inline styles for
 * the report renderer's <style>, no other origin), no sniffing, no framing, no referrer.
 */
export const CSP = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export function addSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_req, reply) => {
    reply.header('content-security-policy', CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
  });
}
