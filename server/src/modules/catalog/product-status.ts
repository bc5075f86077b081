import type { Transaction } from 'sequelize';
import { canTransition, IllegalTransitionError, productTransitions, type ProductStatus } from '@mall/shared';
import { withTx } from '../../platform/db/database';
import { DomainError, NotFoundError } from '../../platform/errors';
import type { AdminActor } from '../../platform/http/api-router';
import type { PlatformDeps } from '../../platform/deps';
import { recordAudit } from '../admin';
import { Product } from './catalog.model';
import { skusByProduct, toAdminDetail } from './catalog.queries';
import { ProductStatusChange } from './listing.model';

export interface StatusActor {
  type: 'admin' | 'system';
  /** The admin's username, or system:<what>. */
  name: string;
}

/**
 * The only way a product changes status: the transition table decides, the schedule columns follow (a fulfilled
 * or abandoned time is cleared), and a history row records from, to, who and why, in the caller's transaction.
 */
export async function recordStatusChange(
  product: Product,
  to: ProductStatus,
  actor: StatusActor,
  reason: string,
  tx: Transaction,
  options: { initial?: boolean } = {},
): Promise<void> {
  const from = options.initial ? null : product.status;
  if (from !== null && !canTransition(productTransitions, from, to)) {
    throw new IllegalTransitionError('product', from, to);
  }
  await product.update(
    {
      status: to,
      ...(to === 'on_sale' ? { listedAt: new Date() } : {}),
      ...(to !== 'scheduled' && to !== 'pre_sale' ? { onSaleAt: null } : {}),
      ...(to === 'off_sale' || to === 'draft' ? { offSaleAt: null } : {}),
    },
    { transaction: tx },
  );
  await ProductStatusChange.create(
    { productId: product.id, fromStatus: from, toStatus: to, actorType: actor.type, actor: actor.name, reason },
    { transaction: tx },
  );
}

const adminActor = (actor: AdminActor): StatusActor => ({ type: 'admin', name: actor.username });

export async function lockProduct(productId: number, tx: Transaction, field = 'id'): Promise<Product> {
  const product = await Product.findByPk(productId, { transaction: tx, lock: tx.LOCK.UPDATE });
  if (!product) throw new NotFoundError(`Product ${productId}`, field);
  return product;
}

/** An admin puts one product on sale, off sale, or back to draft (which cancels a schedule). */
export async function setProductStatus(
  deps: PlatformDeps,
  actor: AdminActor,
  productId: number,
  status: 'draft' | 'on_sale' | 'off_sale',
  reason?: string,
) {
  return withTx(deps.sequelize, async (tx) => {
    const product = await lockProduct(productId, tx);
    const skus = (await skusByProduct([product.id], tx)).get(product.id) ?? [];
    const before = toAdminDetail(product, skus);
    await recordStatusChange(product, status, adminActor(actor), reason ?? '', tx);
    const after = toAdminDetail(product, skus);
    await recordAudit(
      actor,
      { action: 'product.status', targetType: 'product', targetId: String(product.id), before, after, reason },
      tx,
    );
    return after;
  });
}

/**
 * Many products on or off sale at once, all or nothing: one illegal move refuses the batch and names it.
 * Products already in the wanted status are left alone, so repeating a batch changes nothing.
 */
export async function batchSetProductStatus(
  deps: PlatformDeps,
  actor: AdminActor,
  input: { ids: number[]; status: 'on_sale' | 'off_sale'; reason?: string },
) {
  return withTx(deps.sequelize, async (tx) => {
    const changed: number[] = [];
    const unchanged: number[] = [];
    // rows locked in id order, so two overlapping batches never wait on each other in opposite orders
    const order = input.ids.map((id, index) => ({ id, index })).sort((a, b) => a.id - b.id);
    for (const { id, index } of order) {
      const product = await lockProduct(id, tx, `ids.${index}`);
      if (product.status === input.status) {
        unchanged.push(id);
        continue;
      }
      if (!canTransition(productTransitions, product.status, input.status)) {
        throw new DomainError(
          'ILLEGAL_TRANSITION',
          `product ${id}: cannot move from "${product.status}" to "${input.status}"`,
          409,
          `ids.${index}`,
        );
      }
      const before = { status: product.status };
      await recordStatusChange(product, input.status, adminActor(actor), input.reason ?? 'batch', tx);
      await recordAudit(
        actor,
        {
          action: 'product.status',
          targetType: 'product',
          targetId: String(id),
          before,
          after: { status: input.status },
          reason: input.reason,
        },
        tx,
      );
      changed.push(id);
    }
    if (!changed.length) {
      // nothing moved, but the request is still on record
      await recordAudit(
        actor,
        {
          action: 'product.batch_status',
          targetType: 'product',
          targetId: '-',
          before: null,
          after: { unchanged },
          reason: input.reason,
        },
        tx,
      );
    }
    return { changed, unchanged };
  });
}

export async function productStatusHistory(productId: number) {
  if (!(await Product.findByPk(productId))) throw new NotFoundError('This product', 'id');
  const rows = await ProductStatusChange.findAll({ where: { productId }, order: [['id', 'ASC']] });
  return rows.map((r) => ({
    id: r.id,
    from: r.fromStatus,
    to: r.toStatus,
    actorType: r.actorType,
    actor: r.actor,
    reason: r.reason,
    at: r.createdAt.toISOString(),
  }));
}
