import { Op, type Transaction } from 'sequelize';
import { DomainError } from '../../platform/errors';
import { Sku } from './catalog.model';

export interface StockLine {
  skuId: number;
  quantity: number;
}

/**
 * Takes stock for an order inside the caller's transaction. The conditional update is the guard: it never
 * takes more than there is, whatever runs concurrently (and the CHECK stock >= 0 on MySQL backs it up).
 * Lines are taken in SKU order so two orders never wait on each other's rows in opposite orders.
 */
export async function reserveStock(lines: StockLine[], tx: Transaction): Promise<void> {
  for (const line of [...lines].sort((a, b) => a.skuId - b.skuId)) {
    const [affected] = await Sku.update(
      { stock: Sku.sequelize!.literal(`stock - ${Number(line.quantity)}`) as unknown as number },
      { where: { id: line.skuId, stock: { [Op.gte]: line.quantity } }, transaction: tx },
    );
    if (affected !== 1) {
      throw new DomainError('OUT_OF_STOCK', `SKU ${line.skuId} does not have ${line.quantity} in stock`, 409, 'items');
    }
  }
}

/** Gives reserved stock back (cancel, timeout). */
export async function releaseStock(lines: StockLine[], tx: Transaction): Promise<void> {
  for (const line of [...lines].sort((a, b) => a.skuId - b.skuId)) {
    await Sku.update(
      { stock: Sku.sequelize!.literal(`stock + ${Number(line.quantity)}`) as unknown as number },
      { where: { id: line.skuId }, transaction: tx },
    );
  }
}
