/**
 * The contract's call and event names and the bridge's error codes, for the sandboxed preload.
 * Derived from the contract, so a new call needs nothing here. The preload must not carry zod and
 * every schema (~760 KB) just to learn names: the Electron build (scripts/build-main.mjs,
 * `contractNamesOnly`) hands this file, and only this file, a generated stand-in for
 * contract/index.js holding the names and codes it read from the real contract at build time.
 * tests/electron/contract-names.test.ts checks the bundle against the contract.
 */
import { calls, events, type CallName, type EventName, type RpcErrorCode } from '../../contract/index.js';

export const CALL_NAMES = Object.keys(calls) as readonly CallName[];

export const EVENT_NAMES = Object.keys(events) as readonly EventName[];

/** The codes the bridge itself answers with (same values as contract/rpc.ts RpcErrorCode). */
export const BRIDGE_ERROR = {
  unknownCall: 'UNKNOWN_CALL',
  invalidInput: 'INVALID_INPUT',
  internal: 'INTERNAL',
} as const satisfies Partial<typeof RpcErrorCode>;

const callSet: ReadonlySet<string> = new Set(CALL_NAMES);
const eventSet: ReadonlySet<string> = new Set(EVENT_NAMES);

export function isKnownCall(name: unknown): name is CallName {
  return typeof name === 'string' && callSet.has(name);
}

export function isKnownEvent(name: unknown): name is EventName {
  return typeof name === 'string' && eventSet.has(name);
}
