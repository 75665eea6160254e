/**
 * The single renderer <-> main contract. One file per namespace in contract/calls/ (`sale.*` in
 * calls/sale.ts, …) declares its calls, and the events it owns, from the schemas in
 * contract/schemas/; this file merges them. Main rejects any name not listed here; the handler
 * types per namespace and the preload's name list are derived from it.
 */
import type { z } from 'zod';
import * as app from './calls/app.js';
import * as settings from './calls/settings.js';
import * as auth from './calls/auth.js';
import * as counters from './calls/counters.js';
import * as demo from './calls/demo.js';
import * as scanner from './calls/scanner.js';
import * as printer from './calls/printer.js';
import * as card from './calls/card.js';
import * as activities from './calls/activities.js';
import * as passholder from './calls/passholder.js';
import * as sale from './calls/sale.js';
import * as queue from './calls/queue.js';
import * as report from './calls/report.js';
import type { CallSpec, Envelope } from './rpc.js';

export const calls = {
  ...app.calls,
  ...settings.calls,
  ...auth.calls,
  ...counters.calls,
  ...demo.calls,
  ...scanner.calls,
  ...printer.calls,
  ...card.calls,
  ...activities.calls,
  ...passholder.calls,
  ...sale.calls,
  ...queue.calls,
  ...report.calls,
} satisfies Record<string, CallSpec>;

export const events = {
  ...app.events,
  ...auth.events,
  ...scanner.events,
  ...printer.events,
  ...sale.events,
  ...queue.events,
} satisfies Record<string, z.ZodType>;

export type Calls = typeof calls;
export type CallName = keyof Calls;
/** The namespace of a call: `sale` for `sale.sell`. */
export type Namespace = CallName extends `${infer N}.${string}` ? N : never;
/** The calls of one namespace. */
export type CallsOf<N extends Namespace> = Extract<CallName, `${N}.${string}`>;
/** What the renderer passes (before zod defaults/transforms). */
export type CallInput<N extends CallName> = z.input<Calls[N]['input']>;
/** What the handler in main receives (after validation). */
export type ParsedInput<N extends CallName> = z.output<Calls[N]['input']>;
export type CallOutput<N extends CallName> = z.output<Calls[N]['output']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(calls, name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

/** The object the renderer sees as `window.loket`, whichever transport carries it. */
export interface LoketBridge {
  invoke(name: string, input: unknown): Promise<Envelope<unknown>>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
  readonly transport: 'electron' | 'web';
}

export * from './rpc.js';
