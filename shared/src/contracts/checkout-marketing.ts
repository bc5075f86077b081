import { z } from 'zod';

/**
 * What the member chooses at checkout besides items and points (issue 12): a coupon to redeem, a group-buy to
 * start or join. Spread into the quote body and the place-order body so both price the same choice; the server's
 * checkout adjusters read it (flows/checkout-adjusters.ts).
 */
export const CheckoutMarketingFields = {
  /** A coupon the member holds (the member-coupon id). Absent: no coupon (the quote may suggest the best one). */
  couponId: z.number().int().positive().optional(),
  /** Start a group of this group-buy campaign (no groupId), or join an open group (groupId). */
  groupBuy: z
    .object({
      campaignId: z.number().int().positive(),
      groupId: z.number().int().positive().optional(),
    })
    .optional(),
};

export const CheckoutMarketing = z.object(CheckoutMarketingFields);
export type CheckoutMarketing = z.infer<typeof CheckoutMarketing>;
