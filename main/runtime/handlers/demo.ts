/**
 * demo.cards: the simulator's cards for the "Demokaarten" panel and its printable barcode sheet.
 * Barcodes are drawn here (bwip-js, Code 128 as on UiTPAS cards) so the renderer bundle stays
 * small; the renderer shows the SVG as an image.
 */
import bwipjs from 'bwip-js/node';
import type { DemoCard, DemoCardRole } from '../../../contract/schemas/demo.js';
import type { SeedData } from '../../tools/simulator/seed.js';
import type { HandlersOf } from '../dispatcher.js';

const ROLE_OF_STATE: Record<string, DemoCardRole> = {
  active: 'kansenstatuut',
  grace: 'grace',
  expired: 'expired',
  suspended: 'suspended',
  none: 'regular',
};

export function code128Svg(text: string): string {
  return bwipjs.toSVG({ bcid: 'code128', text, includetext: true, textxalign: 'center', height: 12, scale: 2 });
}

/** Every passholder and group pass of the seed, a kansenstatuut card with coupons called a coupon card. */
export function demoCards(seed: SeedData): DemoCard[] {
  const coupons = new Map(seed.coupons.map((c) => [c.id, c.name]));
  const people = seed.passholders.map((p): DemoCard => {
    const names = p.couponIds.map((id) => coupons.get(id) ?? id);
    const role: DemoCardRole =
      p.cardStatus === 'BLOCKED'
        ? 'blocked'
        : names.length > 0 && p.kansenstatuut === 'active'
          ? 'coupon'
          : (ROLE_OF_STATE[p.kansenstatuut] ?? 'regular');
    return { uitpasNumber: p.uitpasNumber, name: `${p.firstName} ${p.name}`, role, coupons: names, barcodeSvg: code128Svg(p.uitpasNumber) };
  });
  const groups = seed.groupPasses.map((g): DemoCard => ({
    uitpasNumber: g.uitpasNumber,
    name: g.name,
    role: 'group',
    coupons: [],
    barcodeSvg: code128Svg(g.uitpasNumber),
  }));
  return [...people, ...groups];
}

export function demoHandlers(seed: () => SeedData | undefined): HandlersOf<'demo'> {
  let cached: DemoCard[] | undefined;
  return {
    'demo.cards': () => {
      const s = seed();
      if (!s) return [];
      cached ??= demoCards(s);
      return cached;
    },
  };
}
