/**
 * The object the preload exposes as `window.loket`. Kept apart from preload.ts so it takes the
 * IPC functions it needs as parameters: the preload passes Electron's ipcRenderer, nothing else
 * of ipcRenderer reaches the page (the listener never sees the IpcRendererEvent either).
 */
// Types only from the contract: its runtime (zod schemas) must not end up in the preload bundle.
import type { Envelope, LoketBridge } from '../../contract/index.js';
import { callChannel, EVENT_CHANNEL } from './channels.js';
import { BRIDGE_ERROR, isKnownCall, isKnownEvent } from './contract-names.js';

/** The part of Electron's IpcRenderer the bridge uses. */
export interface BridgeIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export function createBridge(ipc: BridgeIpc): LoketBridge {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  // Main sends the latest value of every event when the window loads, possibly before React has
  // subscribed; a late subscriber gets the latest value, like a sink attached to the EventBus.
  const latest = new Map<string, unknown>();

  ipc.on(EVENT_CHANNEL, (_event, name, payload) => {
    if (!isKnownEvent(name)) return;
    latest.set(name, payload);
    for (const listener of listeners.get(name) ?? []) listener(payload);
  });

  return {
    transport: 'electron',

    async invoke(name: string, input: unknown): Promise<Envelope<unknown>> {
      if (!isKnownCall(name)) {
        return {
          ok: false,
          error: { code: BRIDGE_ERROR.unknownCall, message: `Unknown call: ${JSON.stringify(String(name).slice(0, 80))}` },
        };
      }
      try {
        return (await ipc.invoke(callChannel(name), input)) as Envelope<unknown>;
      } catch (err) {
        // Electron rejects before sending when the input cannot be structured-cloned
        // (functions, DOM nodes...); anything else is a transport failure.
        const message = err instanceof Error ? err.message : String(err);
        const code = /could not be cloned/i.test(message) ? BRIDGE_ERROR.invalidInput : BRIDGE_ERROR.internal;
        return { ok: false, error: { code, message: `Call ${name} failed in transport: ${message}` } };
      }
    },

    subscribe(event: string, listener: (payload: unknown) => void): () => void {
      if (!isKnownEvent(event)) throw new Error(`Unknown event: ${JSON.stringify(String(event).slice(0, 80))}`);
      if (typeof listener !== 'function') throw new TypeError('subscribe needs a listener function');
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      // Wrap so the same function subscribed twice gets two independent unsubscribes.
      const wrapped = (payload: unknown) => listener(payload);
      set.add(wrapped);
      if (latest.has(event)) wrapped(latest.get(event));
      return () => {
        set.delete(wrapped);
      };
    },
  };
}
