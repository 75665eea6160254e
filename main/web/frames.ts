/** Pure: an incoming WebSocket message -> a call frame, or the reason it is not one. */
import type { RawData } from 'ws';
import type { CallFrame, CallId } from '../../contract/web-protocol.js';

export type ParsedFrame = { ok: true; call: CallFrame } | { ok: false; reason: string; id?: CallId };

export function parseCallFrame(data: RawData, isBinary: boolean): ParsedFrame {
  if (isBinary) return { ok: false, reason: 'binary frames are not accepted; send JSON text' };
  const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'frame is not valid JSON' };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, reason: 'frame must be a JSON object {id, name, input}' };
  }
  const { id, name, input } = json as Record<string, unknown>;
  const validId = isCallId(id) ? id : undefined;
  if (validId === undefined) return { ok: false, reason: 'frame needs an id: a string of 1-64 characters or a finite number' };
  if (typeof name !== 'string' || name === '') return { ok: false, reason: 'frame needs a call name (string)', id: validId };
  const extra = Object.keys(json).filter((k) => k !== 'id' && k !== 'name' && k !== 'input');
  if (extra.length > 0) {
    // Keys are the sender's text: quote a few, shortened, never echo them whole.
    const named = extra.slice(0, 5).map((k) => JSON.stringify(k.length > 40 ? `${k.slice(0, 40)}…` : k));
    return { ok: false, reason: `unexpected field(s) in frame: ${named.join(', ')}`, id: validId };
  }
  return { ok: true, call: { id: validId, name, input } };
}

function isCallId(id: unknown): id is CallId {
  return (typeof id === 'string' && id.length >= 1 && id.length <= 64) || (typeof id === 'number' && Number.isFinite(id));
}
