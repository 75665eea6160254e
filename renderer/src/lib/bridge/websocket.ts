/**
 * The web host's transport: the contract over one WebSocket (frames: contract/web-protocol.ts).
 * Presents the same LoketBridge the Electron preload exposes, so app code cannot tell them apart.
 */
import type { Envelope, LoketBridge } from '../../../../contract/index.js';
import { WS_PATH, type CallId, type ServerFrame } from '../../../../contract/web-protocol.js';

/** Error codes of the transport itself (the renderer translates them). */
export const TransportErrorCode = {
  unavailable: 'TRANSPORT_UNAVAILABLE',
  noToken: 'TRANSPORT_NO_TOKEN',
} as const;

export interface WebSocketBridgeOptions {
  /** ws://127.0.0.1:<port>/ws?token=… */
  url: string;
  /** Injected for tests outside a browser. */
  createSocket?: (url: string) => WebSocket;
  /** Delays before reconnect attempts after a lost connection (the last one repeats). */
  retryDelaysMs?: readonly number[];
}

export function webSocketUrlFor(location: { readonly host: string; readonly search: string }): string | undefined {
  const token = new URLSearchParams(location.search).get('token');
  if (!token) return undefined;
  return `ws://${location.host}${WS_PATH}?token=${encodeURIComponent(token)}`;
}

export interface WebSocketBridge extends LoketBridge {
  /** Stops for good: closes the socket, fails calls in flight, no reconnect (tests, page unload). */
  close(): void;
}

export function createWebSocketBridge(opts: WebSocketBridgeOptions): WebSocketBridge {
  const createSocket = opts.createSocket ?? ((url: string) => new WebSocket(url));
  const delays = opts.retryDelaysMs ?? [500, 1000, 2000, 5000, 10000];
  const pending = new Map<CallId, (envelope: Envelope<unknown>) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const latest = new Map<string, unknown>();
  const outbox: string[] = [];
  let socket: WebSocket | undefined;
  let everOpened = false;
  let attempt = 0;
  let nextId = 1;
  /** Set when connecting failed for good (never opened: a wrong token does not become right). */
  let fatal: string | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const connect = () => {
    retryTimer = undefined;
    const ws = createSocket(opts.url);
    socket = ws;
    // A failed connect or a lost socket always ends in onclose, which handles it.
    ws.onerror = () => {};
    ws.onopen = () => {
      everOpened = true;
      attempt = 0;
      for (const text of outbox.splice(0)) ws.send(text);
    };
    ws.onmessage = (ev: MessageEvent) => {
      if (typeof ev.data === 'string') receive(ev.data);
    };
    ws.onclose = (ev: { code: number; reason: string }) => {
      socket = undefined;
      const reason = `connection to Loket closed (${ev.code}${ev.reason ? `: ${ev.reason}` : ''})`;
      failPending(reason);
      if (fatal) return;
      if (!everOpened) {
        fatal = 'could not connect to Loket (wrong or expired access token, or Loket is not running)';
        outbox.length = 0;
        return;
      }
      const delay = delays[Math.min(attempt, delays.length - 1)] ?? 1000;
      attempt += 1;
      retryTimer = setTimeout(connect, delay);
    };
  };

  const receive = (text: string) => {
    let frame: ServerFrame;
    try {
      frame = JSON.parse(text) as ServerFrame;
    } catch {
      return;
    }
    if ('event' in frame) {
      latest.set(frame.event, frame.payload);
      for (const fn of listeners.get(frame.event) ?? []) fn(frame.payload);
    } else if ('result' in frame) {
      settle(frame.id, frame.result);
    } else if ('error' in frame && frame.id !== undefined) {
      settle(frame.id, { ok: false, error: frame.error });
    }
  };

  const settle = (id: CallId, envelope: Envelope<unknown>) => {
    const resolve = pending.get(id);
    pending.delete(id);
    resolve?.(envelope);
  };

  const failPending = (message: string) => {
    for (const [id] of pending) settle(id, { ok: false, error: { code: TransportErrorCode.unavailable, message } });
  };

  connect();

  return {
    transport: 'web',
    invoke(name, input) {
      if (fatal) return Promise.resolve({ ok: false, error: { code: TransportErrorCode.unavailable, message: fatal } });
      const id = nextId++;
      const text = JSON.stringify({ id, name, input });
      return new Promise<Envelope<unknown>>((resolve) => {
        pending.set(id, resolve);
        if (socket && socket.readyState === socket.OPEN) socket.send(text);
        else outbox.push(text);
      });
    },
    close() {
      fatal = 'the connection to Loket was closed';
      if (retryTimer !== undefined) clearTimeout(retryTimer);
      outbox.length = 0;
      socket?.close();
      failPending(fatal);
    },
    subscribe(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const wrapped = (payload: unknown) => listener(payload);
      set.add(wrapped);
      if (latest.has(event)) wrapped(latest.get(event));
      return () => {
        set.delete(wrapped);
      };
    },
  };
}

/** A bridge for a page opened without its token: every call explains what is wrong. */
export function createMissingTokenBridge(): LoketBridge {
  return {
    transport: 'web',
    invoke: () =>
      Promise.resolve({
        ok: false,
        error: { code: TransportErrorCode.noToken, message: 'the page address has no access token (?token=…)' },
      }),
    subscribe: () => () => {},
  };
}
