import { type z } from 'zod';
import { assertTransition, productTransitions, type AdminProductInput, type ProductStatus } from '@mall/shared';
import { withTx } from '../../platform/db/database';
import type { AdminActor } from '../../platform/http/api-router';
import type { PlatformDeps } from '../../platform/deps';
import { recordAudit } from '../admin';
import { Product, Sku } from './catalog.model';
import { getProductWithSkus, toDetail } from './catalog.queries';

type ProductInput = z.output<typeof AdminProductInput>;

export async function createProduct(deps: PlatformDeps, actor: AdminActor, input: ProductInput) {
  return withTx(deps.sequelize, async (tx) => {
    const product = await Product.create(
      {
        categoryId: input.categoryId,
        name: input.name,
        subtitle: input.subtitle,
        coverUrl: input.coverUrl,
        imagesJson: JSON.stringify(input.images.length ? input.images : [input.coverUrl]),
        description: input.description,
        status: input.status,
      },
      { transaction: tx },
    );
    const skus = await Sku.bulkCreate(
      input.skus.map((s) => ({
        productId: product.id,
        specsJson: JSON.stringify(s.specs),
        priceFen: s.priceFen,
        stock: s.stock,
      })),
      { transaction: tx },
    );
    const detail = toDetail(product, skus);
    await recordAudit(
      actor,
      { action: 'product.create', targetType: 'product', targetId: String(product.id), before: null, after: detail },
      tx,
    );
    return detail;
  });
}

export async function setProductStatus(
  deps: PlatformDeps,
  actor: AdminActor,
  productId: number,
  status: ProductStatus,
  reason?: string,
) {
  return withTx(deps.sequelize, async (tx) => {
    const { product, skus } = await getProductWithSkus(productId, { onSaleOnly: false, tx });
    const before = toDetail(product, skus);
    assertTransition('product', productTransitions, product.status, status);
    await product.update({ status }, { transaction: tx });
    const after = toDetail(product, skus);
    await recordAudit(
      actor,
      { action: 'product.status', targetType: 'product', targetId: String(product.id), before, after, reason },
      tx,
    );
    return after;
  });
}
