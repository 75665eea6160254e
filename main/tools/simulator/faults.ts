/**
 * The calls of the XML simulator a fault can aim at. The fault kinds and the plan that deals them
 * out are the simulator kit's (../simulator-kit/faults.ts), shared with the API 4 simulator.
 */
import type { FaultSpec as KitFaultSpec } from '../simulator-kit/faults.js';

export type { FaultKind } from '../simulator-kit/faults.js';

export const SIM_CALLS = [
  'retrieve',
  'passholder',
  'passholderSearch',
  'grouppass',
  'search',
  'buy',
  'cancel',
  'searchTicketsales',
  'balieList',
  'listEmployees',
  'requestToken',
  'accessToken',
  'any',
] as const;
export type SimCall = (typeof SIM_CALLS)[number];

/** A fault for the XML simulator unless another simulator's calls are named. */
export type FaultSpec<C extends string = SimCall> = KitFaultSpec<C>;
