/**
 * The single renderer <-> main contract. Capability modules define their calls and events in
 * contract/calls/*.ts; this file merges them. Main rejects any name not listed here.
 */
import type { z } from 'zod';
import { appCalls, appEvents } from './calls/app.js';
import { authCalls, authEvents } from './calls/auth.js';
import { demoCalls } from './calls/demo.js';
import { diagnosticsCalls } from './calls/diagnostics.js';
import { hardwareCalls, hardwareEvents } from './calls/hardware.js';
import { receiptCalls } from './calls/receipts.js';
import { reportCalls } from './calls/reports.js';
import { salesCalls, salesEvents } from './calls/sales.js';
import type { CallSpec, Envelope } from './rpc.js';

export const calls = {
  ...appCalls,
  ...diagnosticsCalls,
  ...hardwareCalls,
  ...salesCalls,
  ...receiptCalls,
  ...reportCalls,
  ...authCalls,
  ...demoCalls,
} satisfies Record<string, CallSpec>;

export const events = {
  ...appEvents,
  ...hardwareEvents,
  ...salesEvents,
  ...authEvents,
} satisfies Record<string, z.ZodType>;

export type Calls = typeof calls;
export type CallName = keyof Calls;
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
