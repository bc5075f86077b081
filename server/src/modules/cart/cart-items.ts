import { Op, type Transaction } from 'sequelize';
import { DomainError, NotFoundError } from '../../platform/errors';
import { CartItem } from './cart.model';
import type { StatementBatch } from '../../platform/db/statement-batch';

/** A cart line as the cart keeps it; the priced view (catalog, inventory, pricing) is composed in flows. */
export interface CartItemView {
  id: number;
  skuId: number;
  quantity: number;
  selected: boolean;
  addedPriceFen: number;
}

export const MAX_CART_LINES = 100;
export const MAX_LINE_QUANTITY = 999;

const toView = (c: CartItem): CartItemView => ({
  id: c.id,
  skuId: c.skuId,
  quantity: c.quantity,
  selected: Boolean(c.selected),
  addedPriceFen: c.addedPriceFen,
});

export async function cartItemsOf(memberId: number): Promise<CartItemView[]> {
  const rows = await CartItem.findAll({ where: { memberId }, order: [['id', 'DESC']] });
  return rows.map(toView);
}

/**
 * Adds a SKU: a new line, or more of a line already there (selected again, at today's price). The unique
 * (member, sku) key settles two adds at once; the quantity never passes 999.
 */
export async function addCartItem(
  memberId: number,
  skuId: number,
  quantity: number,
  priceFen: number,
): Promise<CartItemView> {
  const existing = await CartItem.findOne({ where: { memberId, skuId } });
  if (existing) {
    const total = Math.min(existing.quantity + quantity, MAX_LINE_QUANTITY);
    await existing.update({ quantity: total, selected: true, addedPriceFen: priceFen });
    return toView(existing);
  }
  if ((await CartItem.count({ where: { memberId } })) >= MAX_CART_LINES) {
    throw new DomainError('CART_FULL', `A cart holds at most ${MAX_CART_LINES} lines`, 409, 'skuId');
  }
  try {
    return toView(await CartItem.create({ memberId, skuId, quantity, selected: true, addedPriceFen: priceFen }));
  } catch (error) {
    if (error instanceof Error && error.name === 'SequelizeUniqueConstraintError') {
      return addCartItem(memberId, skuId, quantity, priceFen); // added at the same moment elsewhere
    }
    throw error;
  }
}

async function ownLine(memberId: number, id: number): Promise<CartItem> {
  // someone else's line is "not found", never "forbidden"
  const line = await CartItem.findOne({ where: { id, memberId } });
  if (!line) throw new NotFoundError('This cart line', 'id');
  return line;
}

export async function updateCartItem(
  memberId: number,
  id: number,
  change: { quantity?: number; selected?: boolean },
): Promise<CartItemView> {
  const line = await ownLine(memberId, id);
  await line.update({
    ...(change.quantity !== undefined ? { quantity: change.quantity } : {}),
    ...(change.selected !== undefined ? { selected: change.selected } : {}),
  });
  return toView(line);
}

/** Selects or unselects the member's lines with these ids (another member's ids: 404), or all of them. */
export async function selectCartItems(memberId: number, selected: boolean, ids?: readonly number[]): Promise<void> {
  if (ids) {
    const unique = [...new Set(ids)];
    const owned = await CartItem.count({ where: { memberId, id: unique } });
    if (owned !== unique.length) throw new NotFoundError('A cart line', 'ids');
    await CartItem.update({ selected }, { where: { memberId, id: unique } });
    return;
  }
  await CartItem.update({ selected }, { where: { memberId } });
}

export async function removeCartItem(memberId: number, id: number): Promise<void> {
  const line = await ownLine(memberId, id);
  await line.destroy();
}

/** The ordered SKUs leave the cart in the placing transaction (one DELETE). */
export async function removeCartSkus(memberId: number, skuIds: readonly number[], tx: Transaction): Promise<void> {
  if (!skuIds.length) return;
  await CartItem.destroy({ where: { memberId, skuId: { [Op.in]: [...skuIds] } }, transaction: tx });
}

/** removeCartSkus, queued on a placement's statement batch (platform/db/statement-batch.ts). */
export function removeCartSkusInBatch(memberId: number, skuIds: readonly number[], batch: StatementBatch): void {
  if (!skuIds.length) return;
  batch.add('DELETE FROM cart_items WHERE member_id = ? AND sku_id IN (?)', [memberId, [...skuIds]]);
}
