import type { Context } from 'koa';
import type { Transaction } from 'sequelize';
import {
  CHANNELS,
  DEFAULT_CHANNEL,
  nextLevelOffer,
  resolvePrice,
  type Channel,
  type PricingLevel,
  type ResolvedPrice,
} from '@mall/shared';
import { ValidationError } from '../../platform/errors';
import type { PlatformDeps } from '../../platform/deps';
import { levelOf, listLevels } from '../loyalty';
import { rulesForProducts } from './price-rules';

/** Who is buying, where and when: everything but the SKU that decides a price. */
export interface PricingContext {
  level: PricingLevel;
  next: PricingLevel | null;
  channel: Channel;
  at: Date;
}

/** The SKU as pricing needs it: `priceFen` is its base price. */
export interface SkuRef {
  id: number;
  productId: number;
  priceFen: number;
}

export interface SkuPrice extends ResolvedPrice {
  nextLevel: { levelCode: string; name: string; priceFen: number } | null;
}

/** The channel a request comes from: the `x-channel` header, else `?channel=`, else weapp. */
export function channelOf(ctx: Context): Channel {
  const raw = ctx.get('x-channel') || (typeof ctx.query.channel === 'string' ? ctx.query.channel : '');
  if (!raw) return DEFAULT_CHANNEL;
  const channel = CHANNELS.find((c) => c === raw);
  if (!channel)
    throw new ValidationError(`channel must be one of ${CHANNELS.join(', ')}`, 'channel', 'INVALID_CHANNEL');
  return channel;
}

/** A member's level and the next one up; without a member, the lowest level of the ladder (普通). */
export async function pricingContextFor(
  memberId: number | null,
  channel: Channel,
  tx?: Transaction,
): Promise<PricingContext> {
  const at = new Date();
  if (memberId !== null) {
    const { level, next } = await levelOf(memberId, tx);
    return { level, next, channel, at };
  }
  const [lowest, next = null] = await listLevels(tx);
  return { level: lowest, next, channel, at };
}

/** Public routes price for the caller when a valid member token comes along, else for a guest. */
export async function pricingContextOfRequest(deps: PlatformDeps, ctx: Context): Promise<PricingContext> {
  const channel = channelOf(ctx);
  const header = ctx.get('authorization');
  let memberId: number | null = null;
  if (header.startsWith('Bearer ')) {
    try {
      memberId = deps.tokens.verifyMember(header.slice(7).trim()).memberId;
    } catch {
      memberId = null; // an expired token on a public page: show guest prices rather than fail the page
    }
  }
  return pricingContextFor(memberId, channel).catch(() => pricingContextFor(null, channel));
}

/** Resolves every SKU at once with one query for the rules. */
export async function priceSkus(
  skus: readonly SkuRef[],
  pc: PricingContext,
  tx?: Transaction,
): Promise<Map<number, SkuPrice>> {
  const rules = await rulesForProducts(
    skus.map((s) => s.productId),
    pc.at,
    tx,
  );
  const prices = new Map<number, SkuPrice>();
  for (const sku of skus) {
    const query = {
      sku: { id: sku.id, productId: sku.productId, basePriceFen: sku.priceFen },
      level: pc.level,
      channel: pc.channel,
      at: pc.at,
      rules,
    };
    const resolved = resolvePrice(query);
    prices.set(sku.id, { ...resolved, nextLevel: nextLevelOffer(query, resolved, pc.next) });
  }
  return prices;
}
