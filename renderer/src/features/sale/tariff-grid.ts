/**
 * The tariff choice as a grid: price classes (columns) × ways to buy (rows: the UiTPAS tariff,
 * then each coupon), as the official counter app's "Prijzen" modal shows it. Pure: it only
 * arranges what UiTPAS priced; it never computes a tariff.
 */
import type { Activity } from '../../../../contract/domain.js';
import { definedOnly } from '../../../../contract/defined-only.js';

export interface TariffCell {
  /** Stable key: `DEFAULT||Categorie 1` or `COUPON|27|Standaard`. */
  key: string;
  type: 'DEFAULT' | 'COUPON';
  couponId?: string;
  couponName?: string;
  priceClass: string;
  priceCents: number;
  tariffCents: number;
  /** Why UiTPAS grants nothing here (buyConstraintReason); such a cell cannot be sold. */
  constraint?: string;
}

export interface TariffRow {
  type: 'DEFAULT' | 'COUPON';
  couponId?: string;
  couponName?: string;
  constraint?: string;
  cells: TariffCell[];
}

export interface TariffGrid {
  classes: string[];
  rows: TariffRow[];
  /** Cells the operator can sell, in reading order (row by row). */
  sellable: TariffCell[];
  /** The cheapest sellable cell (first one on a tie). */
  cheapestKey?: string;
  /** Why nothing can be sold for this activity (a UiTPAS code), when `sellable` is empty. */
  stop?: string;
}

export const FREE_EVENT = 'TICKETSALE_NOT_ALLOWED_FREE_EVENT';

export function cellKey(type: 'DEFAULT' | 'COUPON', couponId: string | undefined, priceClass: string): string {
  return `${type}|${couponId ?? ''}|${priceClass}`;
}

export function tariffGrid(activity: Activity): TariffGrid {
  const classes: string[] = [];
  const rows: TariffRow[] = [];
  // The UiTPAS tariff first, then coupons, whatever order UiTPAS sent them in.
  const options = [...activity.tariffs].sort((a, b) => (a.type === b.type ? 0 : a.type === 'DEFAULT' ? -1 : 1));
  for (const option of options) {
    const couponId = option.type === 'COUPON' ? option.coupon?.id : undefined;
    const couponName = option.type === 'COUPON' ? option.coupon?.name : undefined;
    const constraint = option.buyConstraintReason;
    const cells = option.priceClasses.map((pc): TariffCell => {
      if (!classes.includes(pc.name)) classes.push(pc.name);
      return {
        key: cellKey(option.type, couponId, pc.name),
        type: option.type,
        ...definedOnly({ couponId, couponName }),
        priceClass: pc.name,
        priceCents: pc.priceCents,
        tariffCents: pc.tariffCents,
        ...definedOnly({ constraint }),
      };
    });
    rows.push({
      type: option.type,
      ...definedOnly({ couponId, couponName, constraint }),
      cells,
    });
  }
  const sellable = rows.flatMap((r) => r.cells).filter((c) => c.constraint === undefined);
  let cheapest: TariffCell | undefined;
  for (const c of sellable) if (!cheapest || c.tariffCents < cheapest.tariffCents) cheapest = c;
  const grid: TariffGrid = { classes, rows, sellable, ...(cheapest ? { cheapestKey: cheapest.key } : {}) };
  if (sellable.length === 0) {
    const reason =
      activity.buyConstraintReason ?? rows.find((r) => r.constraint)?.constraint ?? (activity.priceCents === 0 ? FREE_EVENT : 'NO_TARIFF');
    grid.stop = reason;
  }
  return grid;
}

export function findCell(grid: TariffGrid, key: string | undefined): TariffCell | undefined {
  if (key === undefined) return undefined;
  return grid.sellable.find((c) => c.key === key);
}

/** Arrow-key movement through the sellable cells (wraps around). */
export function moveCell(grid: TariffGrid, key: string | undefined, step: number): string | undefined {
  if (grid.sellable.length === 0) return undefined;
  const i = grid.sellable.findIndex((c) => c.key === key);
  const next = i < 0 ? 0 : (i + step + grid.sellable.length) % grid.sellable.length;
  return grid.sellable[next]?.key;
}

/**
 * The tariff a customer starts with, never a guess: the UiTPAS tariff when it is the only thing
 * that can be sold; else the UiTPAS tariff of the price class the employee last chose for this
 * activity (`kept`), when this customer can have it. A coupon is never chosen for anyone: it is
 * theirs to spend. Nothing otherwise: the employee picks.
 */
export function initialTariff(grid: TariffGrid, keptClass: string | undefined): { key: string; kept: boolean } | undefined {
  const only = grid.sellable.length === 1 ? grid.sellable[0] : undefined;
  if (only?.type === 'DEFAULT') return { key: only.key, kept: false };
  if (keptClass === undefined) return undefined;
  const kept = grid.sellable.find((c) => c.type === 'DEFAULT' && c.priceClass === keptClass);
  return kept ? { key: kept.key, kept: true } : undefined;
}

/** Whether the employee must pick a tariff before anything can be sold. */
export function needsChoice(grid: TariffGrid, key: string | undefined): boolean {
  return grid.sellable.length > 0 && findCell(grid, key) === undefined;
}
