/**
 * Training in demo mode: the built-in simulator's cards, so a newcomer has something to scan
 * (issue 13). Empty in live mode: real cards belong to real people.
 */
import { z } from 'zod';

export const DemoCardRole = z.enum(['kansenstatuut', 'regular', 'expired', 'grace', 'suspended', 'blocked', 'coupon', 'group']);
export type DemoCardRole = z.infer<typeof DemoCardRole>;

export const DemoCard = z.object({
  uitpasNumber: z.string().regex(/^\d{13}$/),
  /** The passholder, or the group of a group pass. */
  name: z.string(),
  /** What the card shows at the counter. */
  role: DemoCardRole,
  /** Coupon names, when the passholder has coupons. */
  coupons: z.array(z.string()),
  /** Code 128 of the number, as on a UiTPAS card (SVG markup, drawn by main). */
  barcodeSvg: z.string(),
});
export type DemoCard = z.infer<typeof DemoCard>;
