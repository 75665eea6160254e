/**
 * Test-only hook points inside the sale path. Production passes no hooks; the crash tests pass a
 * hook that SIGKILLs the process at one of these points to prove nothing is lost or doubled.
 */
export type HookPoint =
  /** Sale validated, not yet written to the outbox. */
  | 'before-commit'
  /**
   * Sale committed, the buy request not yet written: as pending when it waits in the queue, or
   * already claimed as sending in the same transaction when the idle worker took it at once.
   */
  | 'after-commit'
  /** Sale committed as sending, the buy request not yet written. */
  | 'before-send'
  /** The buy answer arrived, the outcome not yet recorded. */
  | 'after-response';

export interface SaleHooks {
  at(point: HookPoint, saleId: string): void | Promise<void>;
}

export const noHooks: SaleHooks = { at: () => {} };
