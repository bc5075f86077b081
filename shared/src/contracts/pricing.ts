import { z } from 'zod';
import { Fen } from './route';

/** What the member would pay one level up, shown as "升级金卡 ¥xx"; null when it would not be cheaper. */
export const NextLevelPrice = z.object({ levelCode: z.string(), name: z.string(), priceFen: Fen }).nullable();

/**
 * Added to every member-facing SKU and product: `priceFen` there is the price THIS member pays (see
 * shared/src/pricing.ts), `basePriceFen` the SKU's own price, `priceLabel` what won ("金卡价", "限时价").
 */
export const PriceFields = {
  basePriceFen: Fen,
  priceLabel: z.string().nullable(),
  nextLevel: NextLevelPrice,
};
