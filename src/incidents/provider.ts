import type { NotificationOutcome } from '../core/types.js';
import type { z } from 'zod';
import type { SendFailure, SendSuccess, SendContext } from '../notifiers/notifier.js';
import type { NotifyEvent } from '../notifiers/types.js';
import type { RunMessage } from '../notifiers/message.js';
import type { TicketContent } from './ticket.js';
import type { ChannelConfig } from '../notifiers/schema.js';

export interface CommonIncidentOptions {
  provider: string;
  on?: NotifyEvent[];
  timeout_seconds: number;
  retries: number;
}

/** A found or created ticket. */
export interface TicketFound extends SendSuccess {
  id: string;
  url?: string;
  created: boolean;
  /** Something worth reporting that did not prevent the ticket. */
  warning?: string;
}

/** Extra context for providers that reuse a notification (PagerDuty). */
export interface IncidentContext extends SendContext {
  message: RunMessage;
  /** `result.notifications` as recorded by notify(). */
  notifications: readonly NotificationOutcome[];
  /** The validated channels, for providers that reuse one (PagerDuty). */
  channels: Readonly<Record<string, ChannelConfig>>;
}

/**
 * A ticket system: one folder under src/incidents/, one line in the registry.
 *
 * Contract of `open`: idempotent per `ticket.marker` — it searches the provider for an open
 * ticket carrying the marker first and returns it (`created: false`) before creating one, so a
 * re-run from a fresh Job finds the first run's ticket without local state. One attempt per
 * call; retries are the caller's. Honours `ctx.signal` in every request.
 */
export interface IncidentProviderOptions<Options = CommonIncidentOptions> {
  provider: string;
  description: string;
  options: z.ZodRawShape;
  secrets(options: Options): Array<string | undefined>;
}

/** A registry entry: the options (all that config needs) and the provider, loaded on first use. */
export interface IncidentProviderEntry extends IncidentProviderOptions {
  load(): Promise<IncidentProviderType>;
}

type OptionsDef<S extends z.ZodRawShape> = {
  provider: string;
  description: string;
  options: S;
  secrets(options: z.infer<z.ZodObject<S>> & CommonIncidentOptions): Array<string | undefined>;
};

/** Declares a ticket system's options (src/incidents/<name>/options.ts); cheap, no client code. */
export function defineIncidentOptions<S extends z.ZodRawShape>(def: Omit<OptionsDef<S>, 'options'> & { options: () => S }): OptionsDef<S> {
  // The shape is built on first read: a run whose config has no channel or ticket system never
  // constructs these schemas (zod construction was ~2 ms of every run's start).
  let built: S | undefined;
  const { options, ...rest } = def;
  return Object.defineProperty(rest, 'options', { get: () => (built ??= options()), enumerable: true }) as OptionsDef<S>;
}

export interface IncidentProviderType<Options = CommonIncidentOptions> extends IncidentProviderOptions<Options> {
  open(options: Options, ticket: TicketContent, ctx: IncidentContext): Promise<TicketFound | SendFailure>;
}

export function defineIncidentProvider<S extends z.ZodRawShape>(def: OptionsDef<S> & {
  open(options: z.infer<z.ZodObject<S>> & CommonIncidentOptions, ticket: TicketContent, ctx: IncidentContext): Promise<TicketFound | SendFailure>;
}): IncidentProviderType {
  return def as unknown as IncidentProviderType;
}
