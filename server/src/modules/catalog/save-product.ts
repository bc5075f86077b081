import { UniqueConstraintError, type Transaction } from 'sequelize';
import { deriveDimensions, specKey, type SpecDimension } from '@mall/shared';
import { type AdminProductInput, type AdminProductUpdate } from '@mall/shared/admin';
import { withTx } from '../../platform/db/database';
import { DomainError, NotFoundError } from '../../platform/errors';
import type { AdminActor } from '../../platform/http/api-router';
import type { PlatformDeps } from '../../platform/deps';
import { recordAudit } from '../admin';
import { recordOpeningStock, type OpeningStock } from '../inventory';
import { Category, Product, Sku } from './catalog.model';
import { skusByProduct, toAdminDetail } from './catalog.queries';
import { assertCleanCopy, visibleText } from './copy-check';
import { recordStatusChange } from './product-status';
import { sanitizeRichText } from './rich-text';

type ProductFields = AdminProductUpdate;

/** Every text a shopper or a share card shows is checked before anything is written. */
function assertProductCopy(deps: PlatformDeps, input: ProductFields) {
  assertCleanCopy(deps.config.catalog, {
    name: input.name,
    subtitle: input.subtitle,
    origin: input.origin,
    ingredients: input.ingredients,
    efficacy: input.efficacy,
    description: visibleText(input.description),
    shareText: input.shareText,
  });
}

async function assertCategoryExists(categoryId: number | null, tx: Transaction) {
  if (categoryId !== null && !(await Category.findByPk(categoryId, { transaction: tx }))) {
    throw new DomainError('CATEGORY_NOT_FOUND', `Category ${categoryId} does not exist`, 422, 'categoryId');
  }
}

function productAttributes(input: ProductFields, dims: SpecDimension[]) {
  const prices = input.skus.map((s) => s.priceFen);
  return {
    categoryId: input.categoryId,
    name: input.name,
    subtitle: input.subtitle,
    coverUrl: input.coverUrl,
    imagesJson: JSON.stringify(input.images.length ? input.images : [input.coverUrl]),
    videoUrl: input.videoUrl,
    origin: input.origin,
    ingredients: input.ingredients,
    efficacy: input.efficacy,
    description: sanitizeRichText(input.description),
    shareText: input.shareText,
    specDimensionsJson: JSON.stringify(dims),
    minPriceFen: Math.min(...prices),
    maxPriceFen: Math.max(...prices),
    ...(input.freightTemplateId !== undefined ? { freightTemplateId: input.freightTemplateId } : {}),
  };
}

/**
 * SKUs follow the spec combinations: a combination that existed keeps its SKU id (orders reference it) and
 * gets the new price; a new one gets a new SKU with its initial stock; a removed one is deactivated, never
 * deleted, and comes back with the same id if the combination returns. A new SKU's stock row and opening
 * ledger entry are written by inventory in this same transaction.
 */
async function syncSkus(productId: number, input: ProductFields, tx: Transaction, isNew = false): Promise<void> {
  const opening: OpeningStock[] = [];
  // A new product has no SKUs to lock. Locking the empty range would take a gap lock at the end of the index,
  // and two products created at once then deadlock on each other's inserts there.
  const current = isNew ? [] : await Sku.findAll({ where: { productId }, transaction: tx, lock: tx.LOCK.UPDATE });
  const existing = new Map(current.map((s) => [s.specKey, s]));
  const wanted = new Set<string>();
  // free codes first so two SKUs can swap codes without tripping the unique index
  for (const sku of existing.values()) if (sku.skuCode) await sku.update({ skuCode: null }, { transaction: tx });
  for (const s of input.skus) {
    const key = specKey(s.specs);
    wanted.add(key);
    const values = {
      specsJson: JSON.stringify(s.specs),
      priceFen: s.priceFen,
      skuCode: s.skuCode ?? null,
      isActive: true,
      ...(s.weightGrams !== undefined ? { weightGrams: s.weightGrams } : {}),
    };
    const sku = existing.get(key);
    if (sku) await sku.update(values, { transaction: tx });
    else {
      const created = await Sku.create({ productId, specKey: key, ...values }, { transaction: tx });
      opening.push({ skuId: created.id, productId, stock: s.stock });
    }
  }
  await recordOpeningStock(tx, opening, 'system:product-create');
  for (const [key, sku] of existing) {
    if (!wanted.has(key) && sku.isActive) await sku.update({ isActive: false }, { transaction: tx });
  }
}

function refuseTakenSkuCode(error: unknown): never {
  if (error instanceof UniqueConstraintError) {
    throw new DomainError('SKU_CODE_TAKEN', 'A SKU code is already used by another SKU', 409, 'skus');
  }
  throw error;
}

export async function createProduct(deps: PlatformDeps, actor: AdminActor, input: AdminProductInput) {
  assertProductCopy(deps, input);
  const dims = input.specDimensions ?? deriveDimensions(input.skus.map((s) => s.specs));
  return withTx(deps.sequelize, async (tx) => {
    await assertCategoryExists(input.categoryId, tx);
    const product = await Product.create({ ...productAttributes(input, dims), status: 'draft' }, { transaction: tx });
    await syncSkus(product.id, input, tx, true).catch(refuseTakenSkuCode);
    await recordStatusChange(product, 'draft', { type: 'admin', name: actor.username }, 'created', tx, {
      initial: true,
    });
    if (input.status === 'on_sale') {
      await recordStatusChange(product, 'on_sale', { type: 'admin', name: actor.username }, 'listed at creation', tx);
    }
    const detail = toAdminDetail(product, (await skusByProduct([product.id], tx)).get(product.id) ?? []);
    await recordAudit(
      actor,
      { action: 'product.create', targetType: 'product', targetId: String(product.id), before: null, after: detail },
      tx,
    );
    return detail;
  });
}

export async function updateProduct(
  deps: PlatformDeps,
  actor: AdminActor,
  productId: number,
  input: AdminProductUpdate,
) {
  assertProductCopy(deps, input);
  const dims = input.specDimensions ?? deriveDimensions(input.skus.map((s) => s.specs));
  return withTx(deps.sequelize, async (tx) => {
    const product = await Product.findByPk(productId, { transaction: tx, lock: tx.LOCK.UPDATE });
    if (!product) throw new NotFoundError('This product', 'id');
    const before = toAdminDetail(product, (await skusByProduct([product.id], tx)).get(product.id) ?? []);
    await assertCategoryExists(input.categoryId, tx);
    await product.update(productAttributes(input, dims), { transaction: tx });
    await syncSkus(product.id, input, tx).catch(refuseTakenSkuCode);
    const after = toAdminDetail(product, (await skusByProduct([product.id], tx)).get(product.id) ?? []);
    await recordAudit(
      actor,
      { action: 'product.update', targetType: 'product', targetId: String(product.id), before, after },
      tx,
    );
    return after;
  });
}
