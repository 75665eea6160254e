import { describe, expect, it } from 'vitest';
import type { Activity } from '../../contract/domain.js';
import {
  FREE_EVENT,
  cellKey,
  findCell,
  initialTariff,
  moveCell,
  needsChoice,
  tariffGrid,
} from '../../renderer/src/features/sale/tariff-grid.js';

const base = { cdbid: 'e1', title: 'Concert', priceCents: 2200, tariffCents: 375 };

const concert: Activity = {
  ...base,
  tariffs: [
    // UiTPAS may send the coupon first: the grid still starts with the UiTPAS tariff.
    {
      type: 'COUPON',
      coupon: { id: '27', name: 'Cultuurbon' },
      priceClasses: [
        { name: 'Categorie 1', priceCents: 2200, tariffCents: 0 },
        { name: 'Categorie 2', priceCents: 1500, tariffCents: 0 },
      ],
    },
    {
      type: 'DEFAULT',
      priceClasses: [
        { name: 'Categorie 1', priceCents: 2200, tariffCents: 550 },
        { name: 'Categorie 2', priceCents: 1500, tariffCents: 375 },
      ],
    },
  ],
};

describe('tariffGrid', () => {
  it('lays out price classes × (UiTPAS tariff, coupons) and marks the cheapest', () => {
    const grid = tariffGrid(concert);
    expect(grid.classes).toEqual(['Categorie 1', 'Categorie 2']);
    expect(grid.rows.map((r) => [r.type, r.couponId])).toEqual([
      ['DEFAULT', undefined],
      ['COUPON', '27'],
    ]);
    expect(grid.sellable).toHaveLength(4);
    // Both coupon cells cost 0; the first in reading order wins the tie.
    expect(grid.cheapestKey).toBe(cellKey('COUPON', '27', 'Categorie 1'));
    expect(grid.stop).toBeUndefined();
  });

  it('never offers a cell UiTPAS constrained, and says why nothing can be sold', () => {
    const maxed: Activity = {
      ...base,
      buyConstraintReason: 'MAXIMUM_REACHED',
      tariffs: [
        {
          type: 'DEFAULT',
          buyConstraintReason: 'MAXIMUM_REACHED',
          priceClasses: [{ name: 'Standaard', priceCents: 1200, tariffCents: 1200 }],
        },
      ],
    };
    const grid = tariffGrid(maxed);
    expect(grid.rows[0]?.cells[0]?.constraint).toBe('MAXIMUM_REACHED');
    expect(grid.sellable).toEqual([]);
    expect(grid.cheapestKey).toBeUndefined();
    expect(grid.stop).toBe('MAXIMUM_REACHED');
  });

  it('keeps the sellable coupon when only the kansentarief is constrained', () => {
    const grid = tariffGrid({
      ...base,
      tariffs: [
        { type: 'DEFAULT', buyConstraintReason: 'KANSENSTATUUT_EXPIRED', priceClasses: [{ name: 'S', priceCents: 850, tariffCents: 850 }] },
        { type: 'COUPON', coupon: { id: '31', name: 'Filmbon' }, priceClasses: [{ name: 'S', priceCents: 850, tariffCents: 100 }] },
      ],
    });
    expect(grid.sellable.map((c) => c.key)).toEqual([cellKey('COUPON', '31', 'S')]);
    expect(grid.cheapestKey).toBe(cellKey('COUPON', '31', 'S'));
    expect(grid.stop).toBeUndefined();
  });

  it('calls a free event a free event', () => {
    expect(tariffGrid({ ...base, priceCents: 0, tariffCents: 0, tariffs: [] }).stop).toBe(FREE_EVENT);
    expect(tariffGrid({ ...base, tariffs: [] }).stop).toBe('NO_TARIFF');
  });

  it('moves through sellable cells with wrap-around and finds only sellable cells', () => {
    const grid = tariffGrid(concert);
    const keys = grid.sellable.map((c) => c.key);
    expect(moveCell(grid, keys[0], 1)).toBe(keys[1]);
    expect(moveCell(grid, keys[0], -1)).toBe(keys[3]);
    expect(moveCell(grid, undefined, 1)).toBe(keys[0]);
    expect(findCell(grid, keys[2])?.couponId).toBe('27');
    expect(findCell(grid, 'DEFAULT||Nope')).toBeUndefined();
    expect(moveCell(tariffGrid({ ...base, tariffs: [] }), undefined, 1)).toBeUndefined();
  });
});

describe('initialTariff (issue 13: no silent tariff)', () => {
  const uitpasOnly: Activity = { ...concert, tariffs: concert.tariffs.filter((t) => t.type === 'DEFAULT') };
  const oneClass: Activity = {
    ...base,
    tariffs: [{ type: 'DEFAULT', priceClasses: [{ name: 'Standaard', priceCents: 850, tariffCents: 200 }] }],
  };
  const couponOnly: Activity = {
    ...base,
    tariffs: [{ type: 'COUPON', coupon: { id: '31', name: 'Filmbon' }, priceClasses: [{ name: 'S', priceCents: 850, tariffCents: 100 }] }],
  };

  it('picks nothing when there is more than one way to sell, not even the cheapest', () => {
    expect(initialTariff(tariffGrid(uitpasOnly), undefined)).toBeUndefined();
    expect(initialTariff(tariffGrid(concert), undefined)).toBeUndefined();
    expect(needsChoice(tariffGrid(concert), undefined)).toBe(true);
  });

  it('takes the only UiTPAS tariff, but never spends a coupon on its own', () => {
    expect(initialTariff(tariffGrid(oneClass), undefined)).toEqual({ key: cellKey('DEFAULT', undefined, 'Standaard'), kept: false });
    expect(initialTariff(tariffGrid(couponOnly), undefined)).toBeUndefined();
  });

  it('keeps the price class last chosen for the activity, as the UiTPAS tariff, marked as kept', () => {
    expect(initialTariff(tariffGrid(concert), 'Categorie 1')).toEqual({ key: cellKey('DEFAULT', undefined, 'Categorie 1'), kept: true });
    expect(initialTariff(tariffGrid(concert), 'Balkon')).toBeUndefined();
    expect(needsChoice(tariffGrid(concert), cellKey('DEFAULT', undefined, 'Categorie 1'))).toBe(false);
  });
});
