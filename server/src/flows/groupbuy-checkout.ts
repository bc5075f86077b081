import type { Transaction } from 'sequelize';
import { sumFen, type CheckoutItem, type CheckoutMarketing } from '@mall/shared';
import { DomainError } from '../platform/errors';
import { groupPricesFor, joinGroupAtPlacement } from '../modules/groupbuy';
import type { AppliedAdjustment, QuoteAdjuster, QuoteDraft } from '../modules/orders';

/**
 * 拼团价 at checkout (a `campaign`-stage adjuster, the first after the level / channel price): each line comes down
 * to its group price; a line already cheaper for this member keeps its own price. Every line must be a SKU of the
 * campaign. When the order is placed, `commit` takes the order's place in a new group (no groupId: the member
 * leads it) or the open group named, in the placement transaction: a closed or full group, the member's limit or
 * a second place in the same group refuses the order and nothing is written.
 */
export async function groupBuyAdjuster(context: {
  memberId: number;
  items: readonly CheckoutItem[];
  marketing: CheckoutMarketing;
}) {
  const choice = context.marketing.groupBuy;
  if (!choice) return null;
  const campaign = await groupPricesFor(choice.campaignId);
  if (!campaign) {
    throw new DomainError('GROUPBUY_CAMPAIGN_CLOSED', 'This group-buy is not running now', 409, 'groupBuy.campaignId');
  }
  const adjuster = {
    code: 'groupbuy',
    stage: 'campaign' as const,
    apply(draft: QuoteDraft) {
      const weights = draft.lines.map((line) => {
        const groupPriceFen = campaign.prices.get(line.skuId);
        if (groupPriceFen === undefined) {
          throw new DomainError(
            'GROUPBUY_SKU_NOT_IN_CAMPAIGN',
            `SKU ${line.skuId} is not sold in this group-buy; buy it in another order`,
            409,
            'items',
          );
        }
        return Math.max(0, line.unitPriceFen - groupPriceFen) * line.quantity;
      });
      const amountFen = sumFen(weights);
      if (amountFen === 0) {
        // the member's own price is already at or below the group price: a group would save nothing
        throw new DomainError('GROUPBUY_NOT_CHEAPER', 'Your price is already below the group price', 409, 'groupBuy');
      }
      return { amountFen, label: `拼团价 · ${campaign.name}`, ref: `groupbuy:${choice.campaignId}`, weights };
    },
    async commit(
      tx: Transaction,
      placed: { orderId: number; orderNo: string; memberId: number; applied: AppliedAdjustment },
    ) {
      await joinGroupAtPlacement(tx, {
        campaignId: choice.campaignId,
        groupId: choice.groupId,
        memberId: placed.memberId,
        orderId: placed.orderId,
        orderNo: placed.orderNo,
        quantity: sumFen(context.items.map((i) => i.quantity)),
      });
    },
  } satisfies QuoteAdjuster & { commit: unknown };
  return adjuster;
}
