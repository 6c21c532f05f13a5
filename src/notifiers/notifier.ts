import type { z } from 'zod';
import type { HttpClient } from '../util/http.js';
import type { Redactor } from '../util/redact.js';
import type { NotifyEvent } from './types.js';
import type { RunMessage } from './message.js';

/** Fields every channel has, whatever its type (validated by the schema). */
export interface CommonChannelOptions {
  type: string;
  events?: NotifyEvent[];
  timeout_seconds: number;
  retries: number;
}

/** What one delivery attempt may use: passed in, never global. */
export interface SendContext {
  /** Aborted at this attempt's timeout or the run's deadline. Pass it to every I/O call. */
  signal: AbortSignal;
  /** Epoch ms at which `signal` fires (for drivers with their own timeout options). */
  deadline: number;
  http: HttpClient;
  redactor: Redactor;
  /** The channel's name in config, for messages. */
  channel: string;
  /** A follow-up: the `threadId` the channel's earlier message of this run came back with. */
  replyTo?: string;
}

/** One attempt's answer. A thrown error is treated as a retryable network failure. */
export type SendResult = SendSuccess | SendFailure;
export interface SendSuccess {
  ok: true;
  dedupKey?: string;
  action?: string;
  /** What a follow-up can thread under (Slack `ts`, e-mail Message-ID, PagerDuty dedup key). */
  threadId?: string;
}
export interface SendFailure {
  ok: false;
  retryable: boolean;
  error: string;
  retryAfterMs?: number;
}

/**
 * A kind of channel: one folder under src/notifiers/ (options.ts: the schema; <name>.ts: the
 * sender, loaded when used), one line in the registry.
 *
 * Contract:
 * - `build` is pure: the payload is a function of the message and the channel's options;
 * - `send` posts one attempt, honours `ctx.signal`, and reports 4xx answers as not retryable
 *   (the payload will not get better) and 429/5xx/network errors as retryable;
 * - `secrets` lists every option value that must never be printed (webhook URLs carry tokens);
 * - drivers are imported inside `send`, so an unused provider costs nothing at load.
 */
export interface NotifierOptions<Options = CommonChannelOptions> {
  type: string;
  description: string;
  /** Type-specific fields (beyond type, events, timeout_seconds, retries). */
  options: z.ZodRawShape;
  /** Cross-field checks (e.g. username without password); issues are reported with their path. */
  refine?: (options: Options, ctx: z.RefinementCtx) => void;
  /** Events when `events` is absent. */
  defaultEvents?: readonly NotifyEvent[];
  secrets(options: Options): Array<string | undefined>;
}

/** The implementation of a channel type, loaded when a channel of it sends. */
export interface NotifierType<Options = CommonChannelOptions> extends NotifierOptions<Options> {
  send(options: Options, message: RunMessage, ctx: SendContext): Promise<SendResult>;
}

/** A registry entry: the options (all that config needs) and the sender, loaded on first use. */
export interface NotifierEntry extends NotifierOptions {
  load(): Promise<NotifierType>;
}

type OptionsDef<S extends z.ZodRawShape> = {
  type: string;
  description: string;
  options: S;
  refine?: (options: z.infer<z.ZodObject<S>>, ctx: z.RefinementCtx) => void;
  defaultEvents?: readonly NotifyEvent[];
  secrets(options: z.infer<z.ZodObject<S>> & CommonChannelOptions): Array<string | undefined>;
};

/** Declares a channel type's options (src/notifiers/<name>/options.ts); cheap, no sender code. */
export function defineNotifierOptions<S extends z.ZodRawShape>(def: Omit<OptionsDef<S>, 'options'> & { options: () => S }): OptionsDef<S> {
  // The shape is built on first read: a run whose config has no channel or ticket system never
  // constructs these schemas (zod construction was ~2 ms of every run's start).
  let built: S | undefined;
  const { options, ...rest } = def;
  return Object.defineProperty(rest, 'options', { get: () => (built ??= options()), enumerable: true }) as OptionsDef<S>;
}

/** Declares a notifier with options typed from its schema shape; the registry stores it erased. */
export function defineNotifier<S extends z.ZodRawShape>(def: OptionsDef<S> & {
  send(options: z.infer<z.ZodObject<S>> & CommonChannelOptions, message: RunMessage, ctx: SendContext): Promise<SendResult>;
}): NotifierType {
  return def as unknown as NotifierType;
}
