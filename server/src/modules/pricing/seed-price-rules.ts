import type { Transaction } from 'sequelize';
import { PriceRuleRow } from './price-rule.model';

const DAY_MS = 86_400_000;

/**
 * Demo prices for the quickstart, so the shop shows each kind at once: the first product on a 30-day
 * special price (8折, 限时价), the second with a 金卡 price (7折), the third 5% cheaper in H5.
 */
export async function seedDemoPriceRules(tx: Transaction, productIds: readonly number[]): Promise<void> {
  const [first, second, third] = productIds.map((id) => ({ id }));
  const now = Date.now();
  const rules = [
    first && {
      kind: 'special' as const,
      productId: first.id,
      discountBps: 2_000,
      startsAt: new Date(now - DAY_MS),
      endsAt: new Date(now + 30 * DAY_MS),
      scopeKey: `special:p${first.id}:s*:*:seed`,
    },
    second && {
      kind: 'level' as const,
      productId: second.id,
      levelCode: 'gold',
      discountBps: 3_000,
      scopeKey: `level:p${second.id}:s*:gold`,
    },
    third && {
      kind: 'channel' as const,
      productId: third.id,
      channel: 'h5' as const,
      discountBps: 500,
      scopeKey: `channel:p${third.id}:s*:h5`,
    },
  ].filter((r) => !!r);
  for (const rule of rules) {
    await PriceRuleRow.create(
      {
        skuId: null,
        levelCode: null,
        channel: null,
        fixedPriceFen: null,
        startsAt: null,
        endsAt: null,
        label: null,
        ...rule,
      },
      { transaction: tx },
    );
  }
}
