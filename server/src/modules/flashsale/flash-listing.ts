import { Op } from 'sequelize';
import type { ActivityTag, FlashItemView, FlashSessionView } from '@mall/shared';
import { skusForSale } from '../catalog';
import { cacheBus } from '../../platform/cache/invalidation-bus';
import { CachedValue } from '../../platform/cache/local-cache';
import { FlashItem, FlashSession } from './flash-sale.model';
import { flashKeys, type FlashSaleDeps } from './flash-deps';
import { FLASH_SESSIONS_TOPIC, phaseOf } from './flash-sessions';

type ListedItem = Omit<FlashItemView, 'leftStock'> & { dbLeft: number };
interface ListedSession {
  id: number;
  name: string;
  startsAt: Date;
  endsAt: Date;
  items: ListedItem[];
}

const UPCOMING_LIMIT = 12;

async function loadSessions(): Promise<ListedSession[]> {
  const sessions = await FlashSession.findAll({
    where: { status: 'published', endsAt: { [Op.gt]: new Date() } },
    order: [['startsAt', 'ASC']],
    limit: UPCOMING_LIMIT,
  });
  if (!sessions.length) return [];
  const items = await FlashItem.findAll({
    where: { sessionId: { [Op.in]: sessions.map((s) => s.id) } },
    order: [['id', 'ASC']],
  });
  const skus = new Map((await skusForSale(items.map((i) => i.skuId))).map((s) => [s.id, s]));
  return sessions.map((s) => ({
    id: s.id,
    name: s.name,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    items: items
      .filter((i) => i.sessionId === s.id && skus.has(i.skuId))
      .map((i) => {
        const sku = skus.get(i.skuId)!;
        return {
          id: i.id,
          skuId: i.skuId,
          productId: i.productId,
          productName: sku.productName,
          specs: sku.specs,
          coverUrl: sku.coverUrl,
          listPriceFen: sku.priceFen,
          flashPriceFen: i.flashPriceFen,
          stock: i.stock,
          perMemberLimit: i.perMemberLimit,
          dbLeft: i.stock - i.sold,
        };
      }),
  }));
}

// the list is read by every member opening the page at the start of a slot: kept in memory, dropped on admin
// writes; the 5 s backstop moves sessions between phases and drops ended ones
const sessions = new CachedValue(loadSessions, { ttlMs: 5_000 });
cacheBus.on(FLASH_SESSIONS_TOPIC, () => sessions.invalidate());

/** Sessions live and to come, with what is left of each item (Redis, one round trip for the page). */
export async function listFlashSessions(
  deps: FlashSaleDeps,
): Promise<{ serverTime: string; sessions: FlashSessionView[] }> {
  const now = Date.now();
  const listed = (await sessions.get()).filter((s) => s.endsAt.getTime() > now);
  const keys = flashKeys(deps);
  const itemIds = listed.flatMap((s) => s.items.map((i) => i.id));
  const lefts = new Map<number, number>();
  if (itemIds.length) {
    const pipeline = deps.redis.pipeline();
    for (const id of itemIds) pipeline.hget(keys.item(id), 'left');
    const answers = (await pipeline.exec()) ?? [];
    answers.forEach(([error, value], index) => {
      if (!error && value !== null) lefts.set(itemIds[index]!, Math.max(0, Number(value)));
    });
  }
  return {
    serverTime: new Date(now).toISOString(),
    sessions: listed.map((s) => ({
      id: s.id,
      name: s.name,
      startsAt: s.startsAt.toISOString(),
      endsAt: s.endsAt.toISOString(),
      phase: phaseOf(s, now),
      items: s.items.map(({ dbLeft, ...item }) => ({ ...item, leftStock: lefts.get(item.id) ?? dbLeft })),
    })),
  };
}

/** Grows whenever a session is written: answers carrying the flash tags are current while it stays. */
export const flashTagsVersion = () => sessions.version;

/** The published sessions (live or to come) that sell the product, as product-page entries, from memory. */
export async function flashTagsOf(productId: number, now = Date.now()): Promise<ActivityTag[]> {
  return (await sessions.get())
    .filter((s) => s.endsAt.getTime() > now && s.items.some((i) => i.productId === productId))
    .map((s) => ({
      kind: 'flash',
      id: s.id,
      label: phaseOf(s, now) === 'live' ? '限时秒杀' : '秒杀预告',
      startsAt: s.startsAt.toISOString(),
      endsAt: s.endsAt.toISOString(),
    }));
}
