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
import type { LevelLadder } from './level-ladder';
import { cachedRulesForProducts } from './active-rules-cache';
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
  return channelFrom(ctx.get('x-channel'), () => ctx.query.channel);
}

/**
 * channelOf from the header's value ('' when absent) and the query's `channel` (a string when given once), the
 * query read only when the header is absent (parsing it is the request's work, on the order and grab paths).
 */
export function channelFrom(header: string, queryChannel: () => unknown): Channel {
  const query = header ? undefined : queryChannel();
  const raw = header || (typeof query === 'string' ? query : '');
  if (!raw) return DEFAULT_CHANNEL;
  const channel = CHANNELS.find((c) => c === raw);
  if (!channel)
    throw new ValidationError(`channel must be one of ${CHANNELS.join(', ')}`, 'channel', 'INVALID_CHANNEL');
  return channel;
}

/**
 * A member's level and the next one up on the ladder (null at the top); without a member, the lowest level
 * of the ladder (普通). Levels come through the ladder port, so pricing never reads the members' tables.
 */
export async function pricingContextFor(
  deps: { levelLadder: LevelLadder },
  memberId: number | null,
  channel: Channel,
  tx?: Transaction,
): Promise<PricingContext> {
  const at = new Date();
  const ladder = await deps.levelLadder.listLevels(tx);
  const current = memberId === null ? ladder[0] : await deps.levelLadder.levelOf(memberId, tx);
  if (!current) throw new Error('the member level ladder is empty');
  const index = ladder.findIndex((l) => l.code === current.code);
  return { level: current, next: ladder[index + 1] ?? null, channel, at };
}

/** Public routes price for the caller when a valid member token comes along, else for a guest. */
export async function pricingContextOfRequest(
  deps: PlatformDeps & { levelLadder: LevelLadder },
  ctx: Context,
): Promise<PricingContext> {
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
  return pricingContextFor(deps, memberId, channel).catch(() => pricingContextFor(deps, null, channel));
}

/** A read just now may price from the process's copy of the rules; a transaction or another moment reads the table. */
const CACHED_WITHIN_MS = 5_000;

/**
 * Resolves every SKU at once: with the process's copy of the active rules, or inside a transaction (an order
 * being placed) with one query for the rules, which sees what the transaction sees.
 */
export async function priceSkus(
  skus: readonly SkuRef[],
  pc: PricingContext,
  tx?: Transaction,
): Promise<Map<number, SkuPrice>> {
  const productIds = skus.map((s) => s.productId);
  const rules =
    !tx && Math.abs(pc.at.getTime() - Date.now()) < CACHED_WITHIN_MS
      ? await cachedRulesForProducts(productIds, pc.at)
      : await rulesForProducts(productIds, pc.at, tx);
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
