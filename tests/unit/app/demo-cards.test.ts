import { describe, expect, it } from 'vitest';
import { isValidCardNumber } from '../../../contract/card-number.js';
import { DemoCard } from '../../../contract/schemas/demo.js';
import { demoCards, demoHandlers } from '../../../main/runtime/handlers/demo.js';
import { buildSeed } from '../../../main/tools/simulator/seed.js';

describe('demo.cards', () => {
  const seed = buildSeed(new Date('2026-03-01T10:00:00Z'));

  it('lists every passholder and group pass of the seed with what the card shows', () => {
    const cards = demoCards(seed);
    expect(cards).toHaveLength(seed.passholders.length + seed.groupPasses.length);
    for (const c of cards) {
      expect(DemoCard.parse(c)).toEqual(c);
      expect(isValidCardNumber(c.uitpasNumber)).toBe(true);
      expect(c.barcodeSvg.startsWith('<svg')).toBe(true);
    }
    const role = (n: string) => cards.find((c) => c.uitpasNumber === n)?.role;
    expect(role(seed.roles.cards.kansenstatuut)).toBe('kansenstatuut');
    expect(role(seed.roles.cards.regular)).toBe('regular');
    expect(role(seed.roles.cards.expired)).toBe('expired');
    expect(role(seed.roles.cards.blocked)).toBe('blocked');
    expect(role(seed.roles.cards.coupon)).toBe('coupon');
    expect(role(seed.roles.cards.group)).toBe('group');
    expect(cards.find((c) => c.role === 'coupon')?.coupons).toEqual(['Cultuurbon', 'Filmbon']);
  });

  it('is empty in live mode (no simulator)', () => {
    expect(demoHandlers(() => undefined)['demo.cards'](undefined as never)).toEqual([]);
  });
});
