/** What the passholder panel needs to decide, pure: may this card buy at all, and why not. */
import type { Identification } from '../../../../contract/domain.js';

/**
 * A UiTPAS code when the card cannot be used for a sale at all (blocked, deleted, not yet
 * issued…): the sale stops at the passholder panel with that reason.
 */
export function holderStop(holder: Identification): string | undefined {
  const status = holder.card?.status;
  if (status !== undefined && status !== 'ACTIVE') return `INVALID_CARD_STATUS_${status}`;
  if (holder.notice?.startsWith('INVALID_CARD_STATUS')) return holder.notice;
  return undefined;
}

export function holderName(holder: Identification): string {
  return holder.kind === 'group' ? holder.name : `${holder.firstName} ${holder.lastName}`.trim();
}

/** The number of tickets a group pass may buy now (at least 1 so the field is never empty). */
export function maxTickets(holder: Identification | undefined): number {
  if (!holder || holder.kind !== 'group') return 1;
  return Math.max(1, holder.availableTickets);
}

/** Keeps a typed ticket count inside 1 … max. */
export function clampTickets(value: number, max: number): number {
  if (!Number.isFinite(value)) return 1;
  return Math.min(Math.max(1, Math.trunc(value)), max);
}
