import { literal, Op, type Transaction } from 'sequelize';
import { assertTransition, flashGrabTransitions } from '@mall/shared';
import { withTx } from '../../platform/db/database';
import { DomainError } from '../../platform/errors';
import { FlashGrab, FlashItem } from './flash-sale.model';
import { flashKeys, type FlashSaleDeps } from './flash-deps';
import { readTicket, releaseTicket, settleTicket } from './flash-stock';

/** A ticket as the order job needs it: who, what, at which price, delivered where. */
export interface PendingGrab {
  ticket: string;
  itemId: number;
  sessionId: number;
  skuId: number;
  memberId: number;
  quantity: number;
  flashPriceFen: number;
  address: unknown;
  channel: string;
  /** The database already decided it (a job run again after a crash): only Redis is left to settle. */
  decided: { status: 'ordered' | 'failed' | 'released'; orderNo: string | null; failCode: string | null } | null;
}

/** The ticket's job data from Redis and its item from the database; null when the ticket is unknown. */
export async function pendingGrab(deps: FlashSaleDeps, ticket: string): Promise<PendingGrab | null> {
  const held = await readTicket(deps.redis, flashKeys(deps), ticket);
  if (!held) return null;
  const [item, row] = await Promise.all([FlashItem.findByPk(held.itemId), FlashGrab.findOne({ where: { ticket } })]);
  if (!item) return null;
  return {
    ticket,
    itemId: item.id,
    sessionId: item.sessionId,
    skuId: item.skuId,
    memberId: held.memberId,
    quantity: held.quantity,
    flashPriceFen: item.flashPriceFen,
    address: JSON.parse(held.address) as unknown,
    channel: held.channel,
    decided: row ? { status: row.status, orderNo: row.orderNo, failCode: row.failCode } : null,
  };
}

/**
 * The grab became an order: inside the placement transaction (the flash adjuster's commit), or just after it when
 * no flash discount applied. The database has the last word on stock and on the member's limit: the item row is
 * updated only while sold + quantity fits the stock (its lock serializes the item's orders), then the member's
 * ordered units are counted. Either refusal refuses the whole order. Idempotent by the ticket.
 */
export async function recordGrabOrdered(grab: PendingGrab, orderNo: string, tx: Transaction): Promise<void> {
  const existing = await FlashGrab.findOne({ where: { ticket: grab.ticket }, transaction: tx });
  if (existing) return;
  const q = grab.quantity;
  if (!Number.isInteger(q) || q < 1) throw new Error(`bad quantity ${q}`);
  const now = FlashItem.sequelize!.escape(new Date());
  const [updated] = await FlashItem.update(
    {
      // first: MySQL evaluates SET left to right, so this reads sold before the increment below
      soldOutAt: literal(`CASE WHEN sold + ${q} >= stock THEN COALESCE(sold_out_at, ${now}) ELSE NULL END`),
      sold: literal(`sold + ${q}`),
    },
    { where: { id: grab.itemId, [Op.and]: [literal(`sold + ${q} <= stock`)] }, transaction: tx },
  );
  if (!updated) throw new DomainError('FLASH_SOLD_OUT', 'This flash item is sold out', 409);
  const item = await FlashItem.findByPk(grab.itemId, { transaction: tx });
  const held = Number(
    (await FlashGrab.sum('quantity', {
      where: { itemId: grab.itemId, memberId: grab.memberId, status: 'ordered' },
      transaction: tx,
    })) ?? 0,
  );
  if (held + q > item!.perMemberLimit) {
    throw new DomainError('FLASH_LIMIT_REACHED', `At most ${item!.perMemberLimit} per member`, 409);
  }
  await FlashGrab.create(
    {
      ticket: grab.ticket,
      sessionId: grab.sessionId,
      itemId: grab.itemId,
      memberId: grab.memberId,
      quantity: q,
      status: 'ordered',
      orderNo,
      failCode: null,
    },
    { transaction: tx },
  );
}

/** After the order committed: the ticket shows its order, and leaves the in-flight list. */
export async function settleGrabOrdered(deps: FlashSaleDeps, grab: PendingGrab, orderNo: string): Promise<void> {
  await settleTicket(deps.redis, flashKeys(deps), grab.itemId, grab.ticket, { status: 'ordered', orderNo });
}

/**
 * The placement was refused (SKU stock, the SKU off sale, the database's own stock check): the grab is recorded as
 * failed, then its units go back to Redis exactly once (the script gives back only while the ticket is in flight).
 */
export async function recordGrabFailed(deps: FlashSaleDeps, grab: PendingGrab, failCode: string): Promise<void> {
  await withTx(deps.sequelize, async (tx) => {
    const existing = await FlashGrab.findOne({ where: { ticket: grab.ticket }, transaction: tx, lock: tx.LOCK.UPDATE });
    if (existing) return;
    assertTransition('flash grab', flashGrabTransitions, 'queued', 'failed');
    await FlashGrab.create(
      {
        ticket: grab.ticket,
        sessionId: grab.sessionId,
        itemId: grab.itemId,
        memberId: grab.memberId,
        quantity: grab.quantity,
        status: 'failed',
        orderNo: null,
        failCode: failCode.slice(0, 64),
      },
      { transaction: tx },
    );
  });
  const row = await FlashGrab.findOne({ where: { ticket: grab.ticket } });
  if (row?.status === 'ordered' || row?.status === 'released') {
    await settleGrabOrdered(deps, grab, row.orderNo!); // another run placed it after all
    return;
  }
  await settleTicket(deps.redis, flashKeys(deps), grab.itemId, grab.ticket, { status: 'failed', failCode });
}

/**
 * An unpaid flash order was cancelled: its units go back to the session, once per order number. The database
 * first (ordered → released, sold down, in one transaction), then Redis; a retry after a failure between the two
 * finds the grab released and gives back in Redis only (the script's x:<ticket> mark makes that once too).
 */
export async function releaseGrabOfOrder(deps: FlashSaleDeps, orderNo: string): Promise<boolean> {
  const grab = await withTx(deps.sequelize, async (tx) => {
    const row = await FlashGrab.findOne({ where: { orderNo }, transaction: tx, lock: tx.LOCK.UPDATE });
    if (!row || row.status !== 'ordered') return row;
    assertTransition('flash grab', flashGrabTransitions, row.status, 'released');
    await row.update({ status: 'released', releasedAt: new Date() }, { transaction: tx });
    await FlashItem.update(
      { soldOutAt: null, sold: literal(`sold - ${row.quantity}`) },
      { where: { id: row.itemId }, transaction: tx },
    );
    return row;
  });
  if (!grab || grab.status !== 'released') return false;
  const returned = await releaseTicket(deps.redis, flashKeys(deps), grab);
  return returned === 1;
}

/** order.paid: the flash line's paid amount, for the session's GMV. */
export async function markGrabPaid(orderNo: string, paidFen: number, paidAt: Date): Promise<void> {
  await FlashGrab.update({ paidFen, paidAt }, { where: { orderNo, paidAt: null } });
}

export async function grabOfOrder(orderNo: string) {
  const row = await FlashGrab.findOne({ where: { orderNo }, attributes: ['itemId'] });
  if (!row) return null;
  const item = await FlashItem.findByPk(row.itemId, { attributes: ['skuId'] });
  return item ? { skuId: item.skuId } : null;
}
