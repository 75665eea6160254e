/**
 * The contract's call and event names and the bridge's error codes as plain data, for the
 * sandboxed preload: importing contract/index.ts there bundled zod and every schema (~760 KB) into
 * preload.cjs just to learn the names. Main still validates everything against the real contract;
 * tests/electron/contract-names.test.ts fails, naming the difference, when this list and the
 * contract disagree — add a new call's name here when you add it to contract/calls.
 */
import type { CallName, EventName, RpcErrorCode } from '../../../contract/index.js';

export const CALL_NAMES = [
  'app.info',
  'app.ping',
  'settings.get',
  'app.diagnostics',
  'scanner.devices',
  'scanner.status',
  'printer.status',
  'printer.testPrint',
  'printer.retry',
  'printer.list',
  'printer.testPrintAt',
  'card.lookup',
  'activities.list',
  'passholder.search',
  'sale.sell',
  'sale.cancel',
  'sale.list',
  'sale.get',
  'sale.resolve',
  'sale.candidates',
  'sale.adopt',
  'sale.retry',
  'sale.foreign',
  'sale.foreignAcknowledge',
  'queue.status',
  'queue.syncNow',
  'sale.reprint', // mutation-check: preload-names
  'auth.status',
  'auth.login',
  'auth.logout',
  'counters.list',
  'counters.choose',
  'settings.update',
  'report.x',
  'report.z',
  'report.list',
  'report.get',
  'report.print',
  'report.exportCsv',
  'demo.cards',
] as const satisfies readonly CallName[];

export const EVENT_NAMES = ['connectivity', 'scan', 'scanner', 'printer', 'sale', 'queue', 'auth'] as const satisfies readonly EventName[];

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
