import { Op, type Transaction } from 'sequelize';
import { FlashGrab, FlashItem, FlashSession } from './flash-sale.model';
import type { FlashSaleDeps } from './flash-deps';
import { flashKeys } from './flash-deps';
import { loadItem } from './flash-stock';

/** Units each member holds in orders not cancelled (the database's side of the per-member limit). */
export async function orderedByMember(itemId: number, tx?: Transaction): Promise<Map<number, number>> {
  const rows = (await FlashGrab.findAll({
    attributes: ['memberId', [FlashGrab.sequelize!.fn('SUM', FlashGrab.sequelize!.col('quantity')), 'units']],
    where: { itemId, status: 'ordered' },
    group: ['memberId'],
    raw: true,
    transaction: tx,
  })) as unknown as { memberId: number; units: string | number }[];
  return new Map(rows.map((r) => [Number(r.memberId), Number(r.units)]));
}

/**
 * Builds an item's Redis hash from the database when it is missing (first grab after publishing, a Redis restart,
 * an expired hash). False when there is no such item on a published or cancelled session (drafts are not for sale).
 */
export async function ensureItemLoaded(deps: FlashSaleDeps, itemId: number): Promise<boolean> {
  const item = await FlashItem.findByPk(itemId);
  if (!item) return false;
  const session = await FlashSession.findByPk(item.sessionId);
  if (!session || session.status === 'draft') return false;
  await loadItemFrom(deps, item, session);
  return true;
}

export async function loadItemFrom(deps: FlashSaleDeps, item: FlashItem, session: FlashSession) {
  const [held, released] = await Promise.all([
    orderedByMember(item.id),
    FlashGrab.findAll({ attributes: ['ticket'], where: { itemId: item.id, status: 'released' }, raw: true }),
  ]);
  return loadItem(deps.redis, flashKeys(deps), item.id, {
    left: item.stock - item.sold,
    stock: item.stock,
    limit: item.perMemberLimit,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    isOn: session.status === 'published',
    heldByMember: held,
    releasedTickets: released.map((r) => r.ticket),
  });
}

/** Drops the items' hashes and builds them again (a session published or edited before its start). */
export async function resetSessionStock(deps: FlashSaleDeps, sessionId: number, oldItemIds: readonly number[] = []) {
  const session = await FlashSession.findByPk(sessionId);
  if (!session) return;
  const items = await FlashItem.findAll({ where: { sessionId } });
  const keys = flashKeys(deps);
  const ids = [...new Set([...oldItemIds, ...items.map((i) => i.id)])];
  if (ids.length) await deps.redis.del(...ids.map((id) => keys.item(id)));
  if (session.status === 'draft') return;
  for (const item of items) await loadItemFrom(deps, item, session);
}

/** Sessions published or cancelled that ended less than an hour ago or are still to end (the reconcile job's scope). */
export async function openSessionIds(now = new Date()) {
  const sessions = await FlashSession.findAll({
    where: { status: { [Op.ne]: 'draft' }, endsAt: { [Op.gt]: new Date(now.getTime() - 3_600_000) } },
    attributes: ['id'],
  });
  return sessions.map((s) => s.id);
}
