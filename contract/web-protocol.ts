/**
 * Frames of the web host's WebSocket bridge (main/web <-> renderer/src/lib/bridge/websocket.ts).
 * The Electron transport does not use these; both carry the same calls and envelopes.
 */
import type { Envelope, RpcError } from './rpc.js';

/** Path of the WebSocket endpoint; the per-start token travels as `?token=`. */
export const WS_PATH = '/ws';
/** Largest frame the host accepts; bigger frames close the socket with 1009. */
export const WS_MAX_PAYLOAD = 256 * 1024;

export type CallId = string | number;

/** renderer -> main */
export interface CallFrame {
  id: CallId;
  name: string;
  input?: unknown;
}

/** main -> renderer: the answer to one CallFrame. */
export interface ResultFrame {
  id: CallId;
  result: Envelope<unknown>;
}

/** main -> renderer: an event from main's event bus. */
export interface EventFrame {
  event: string;
  payload: unknown;
}

/** main -> renderer: a frame that could not be understood; `id` is echoed when one was readable. */
export interface ErrorFrame {
  id?: CallId;
  error: RpcError;
}

export type ServerFrame = ResultFrame | EventFrame | ErrorFrame;

export const WebErrorCode = {
  badFrame: 'BAD_FRAME',
  /** The connection already has as many calls running as the host allows; this one was not run. */
  busy: 'BUSY',
} as const;
