/**
 * Where a piece of I/O was when its deadline cut it, so that a timeout says "no response headers
 * within 5 s after connect at api:443" rather than "no result within 5 s": a blackholed connect,
 * a TLS handshake that stalls and a hung application are different problems with different owners.
 */
export type Phase =
  /** Resolving the host name. */
  | 'dns'
  /** TCP connect sent, not accepted (a firewall dropping packets, a dead node). */
  | 'connect'
  /** TCP accepted, TLS handshake unfinished. */
  | 'tls'
  /** Request sent, no status line and headers yet (the application hangs). */
  | 'headers'
  /** Headers received, the body still arriving (a slow or endless body). */
  | 'body'
  /** A driver's connection set-up: connect, TLS, protocol greeting and login, which it does not tell apart. */
  | 'handshake'
  /** A driver connected and sent its query or command; no answer. */
  | 'query'
  /** TCP accepted; the greeting the server sends first (SSH, SMTP) has not come. */
  | 'banner';

export interface PhaseAt {
  phase: Phase;
  /** `host:port` (redacted), or what else names the target. */
  where: string;
  /** Extra facts for the words, e.g. "status 200, 12 KiB read". */
  detail?: string;
}

const WITHIN: Record<Phase, (s: string, at: string) => string> = {
  dns: (s, at) => `no DNS answer within ${s} for ${at}`,
  connect: (s, at) => `connect not accepted within ${s} at ${at}`,
  tls: (s, at) => `TLS handshake unfinished within ${s} at ${at}`,
  headers: (s, at) => `no response headers within ${s} after connect at ${at}`,
  body: (s, at) => `response body unfinished within ${s} at ${at}`,
  handshake: (s, at) => `no handshake within ${s} at ${at} (connect, TLS or login unanswered)`,
  query: (s, at) => `no answer within ${s} after connect at ${at}`,
  banner: (s, at) => `no banner within ${s} after connect at ${at}`,
};

const WHILE: Record<Phase, (at: string) => string> = {
  dns: (at) => `resolving ${at}`,
  connect: (at) => `connecting to ${at}`,
  tls: (at) => `in the TLS handshake with ${at}`,
  headers: (at) => `waiting for response headers from ${at}`,
  body: (at) => `reading the response body from ${at}`,
  handshake: (at) => `in the handshake with ${at}`,
  query: (at) => `waiting for the answer from ${at}`,
  banner: (at) => `waiting for the banner from ${at}`,
};

/** "waiting for response headers from api:443": what was going on when the cut came. */
export function whileWords(at: PhaseAt): string {
  return `${WHILE[at.phase](at.where)}${at.detail ? ` (${at.detail})` : ''}`;
}

/** "5 s", "0.8 s". */
export function secondsText(ms: number): string {
  return `${Number((ms / 1000).toFixed(ms % 1000 ? 1 : 0))} s`;
}

/**
 * Where each signal's abort found the I/O it cut, recorded at that moment by whoever cut it.
 * The error that carries the same facts may reach the runner late (a driver closing politely
 * after the cut) or not at all (the runner stops waiting after a short grace): this does not.
 */
const cuts = new WeakMap<AbortSignal, PhaseAt>();

/** Records where `signal`'s abort cut the work (the first record wins: the I/O that was waiting). */
export function recordCut(signal: AbortSignal, at: PhaseAt | undefined): void {
  if (at && !cuts.has(signal)) cuts.set(signal, at);
}

/** The phase an error carries (set by the HTTP client and `abortable` when a deadline cuts them), else the one recorded for `signal`. */
export function phaseOf(err: unknown, signal?: AbortSignal): PhaseAt | undefined {
  const at = (err as { at?: PhaseAt } | undefined)?.at;
  if (at && typeof at.phase === 'string' && typeof at.where === 'string') return at;
  return signal ? cuts.get(signal) : undefined;
}

/**
 * The reason of a check cut by a deadline:
 * - its own timeout: "timeout: no response headers within 5 s after connect at api:443";
 * - the run's deadline, before its own timeout: "run deadline reached after 2.1 s, before the check's
 *   own 30 s timeout, waiting for response headers from api:443"; when both came at once, the run's
 *   deadline wins and the words say so: "…after 1 s, together with the check's own 1 s timeout".
 */
export function timeoutReason(at: PhaseAt | undefined, o: { timeoutMs: number; elapsedMs: number; byRunDeadline: boolean; target?: string }): string {
  const detail = at?.detail ? ` (${at.detail})` : '';
  if (o.byRunDeadline) {
    const where = at ? `, ${WHILE[at.phase](at.where)}${detail}` : o.target ? ` at ${o.target}` : '';
    const elapsed = secondsText(o.elapsedMs);
    const own = secondsText(o.timeoutMs);
    const together = o.elapsedMs >= o.timeoutMs || elapsed === own;
    return `run deadline reached after ${elapsed}, ${together ? 'together with' : 'before'} the check's own ${own} timeout${where}`;
  }
  if (at) return `timeout: ${WITHIN[at.phase](secondsText(o.timeoutMs), at.where)}${detail}`;
  return `timeout: no result within ${secondsText(o.timeoutMs)}${o.target ? ` at ${o.target}` : ''}`;
}
