/**
 * Event listeners by event name that also keep each event's latest payload, for the two bridges
 * (Electron preload and WebSocket). Main sends the latest value of every event when a window
 * connects, possibly before React has subscribed; a late subscriber gets the latest value at once,
 * like a sink attached to the EventBus. Pure: no DOM, no Node, no zod (it ends up in the preload).
 */
export type PayloadListener = (payload: unknown) => void;

export interface LatestEvents {
  /** Remembers the payload and hands it to every current listener of the event. */
  emit(event: string, payload: unknown): void;
  /** Adds a listener (called at once with the latest payload, if any); returns its unsubscribe. */
  subscribe(event: string, listener: PayloadListener): () => void;
}

export function createLatestEvents(): LatestEvents {
  const listeners = new Map<string, Set<PayloadListener>>();
  const latest = new Map<string, unknown>();
  return {
    emit(event, payload) {
      latest.set(event, payload);
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
    subscribe(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      // Wrap so the same function subscribed twice gets two independent unsubscribes.
      const wrapped: PayloadListener = (payload) => listener(payload);
      set.add(wrapped);
      if (latest.has(event)) wrapped(latest.get(event));
      return () => {
        set.delete(wrapped);
      };
    },
  };
}
