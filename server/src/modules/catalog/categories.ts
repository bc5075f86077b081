import type { Transaction } from 'sequelize';
import type { CategoryNode } from '@mall/shared';
import { withTx } from '../../platform/db/database';
import { DomainError, NotFoundError } from '../../platform/errors';
import type { AdminActor } from '../../platform/http/api-router';
import type { PlatformDeps } from '../../platform/deps';
import { recordAudit } from '../admin';
import { Category, Product } from './catalog.model';

export interface CategoryInput {
  name: string;
  parentId: number | null;
  iconUrl: string | null;
  sortOrder: number;
}

/** Deep enough for 大类 / 小类 / 细类; deeper trees make the mini-program's category page unusable. */
export const MAX_CATEGORY_DEPTH = 3;

const byOrder = (a: Category, b: Category) => a.sortOrder - b.sortOrder || a.id - b.id;

function node(c: Category, children: CategoryNode[] = []): CategoryNode {
  return { id: c.id, parentId: c.parentId, name: c.name, iconUrl: c.iconUrl, sortOrder: c.sortOrder, children };
}

/** The whole tree: roots in sort order, each with its children in sort order. */
export async function categoryTree(tx?: Transaction): Promise<CategoryNode[]> {
  const all = (await Category.findAll({ transaction: tx })).sort(byOrder);
  const ids = new Set(all.map((c) => c.id));
  const build = (parentId: number | null): CategoryNode[] =>
    all
      .filter((c) => (parentId === null ? c.parentId === null || !ids.has(c.parentId) : c.parentId === parentId))
      .map((c) => node(c, build(c.id)));
  return build(null);
}

/** A category's id and the ids of everything under it (for "products in this category"). */
export async function categoryWithDescendants(categoryId: number): Promise<number[]> {
  const all = await Category.findAll({ attributes: ['id', 'parentId'] });
  const result = [categoryId];
  for (let i = 0; i < result.length; i++) {
    for (const c of all) if (c.parentId === result[i] && !result.includes(c.id)) result.push(c.id);
  }
  return result;
}

/**
 * Each product's category and every category above it, nearest first (an empty list for a product without one):
 * a promotion scoped to a category covers the products of its subcategories too. Two reads (categories are few).
 */
export async function categoryPathsOf(productIds: readonly number[]): Promise<Map<number, number[]>> {
  const ids = [...new Set(productIds)];
  if (!ids.length) return new Map();
  const [products, categories] = await Promise.all([
    Product.findAll({ where: { id: ids }, attributes: ['id', 'categoryId'] }),
    Category.findAll({ attributes: ['id', 'parentId'] }),
  ]);
  const parentOf = new Map(categories.map((c) => [c.id, c.parentId]));
  const pathOf = (categoryId: number | null) => {
    const path: number[] = [];
    for (let id = categoryId; id !== null && id !== undefined && !path.includes(id); id = parentOf.get(id) ?? null) {
      path.push(id);
    }
    return path;
  };
  return new Map(ids.map((id) => [id, pathOf(products.find((p) => p.id === id)?.categoryId ?? null)]));
}

/** Which of these product and category ids do not exist (a promotion scoped to them would reach nothing). */
export async function missingCatalogIds(ref: { productIds: readonly number[]; categoryIds: readonly number[] }) {
  const [products, categories] = await Promise.all([
    ref.productIds.length ? Product.findAll({ where: { id: [...ref.productIds] }, attributes: ['id'] }) : [],
    ref.categoryIds.length ? Category.findAll({ where: { id: [...ref.categoryIds] }, attributes: ['id'] }) : [],
  ]);
  const found = (rows: { id: number }[]) => new Set(rows.map((r) => r.id));
  const [p, c] = [found(products), found(categories)];
  return {
    productIds: ref.productIds.filter((id) => !p.has(id)),
    categoryIds: ref.categoryIds.filter((id) => !c.has(id)),
  };
}

async function depthOf(categoryId: number | null, tx: Transaction): Promise<number> {
  let depth = 0;
  for (let id = categoryId; id !== null; depth++) {
    const c = await Category.findByPk(id, { transaction: tx });
    if (!c) break;
    id = c.parentId;
  }
  return depth;
}

async function subtreeHeight(categoryId: number, tx: Transaction): Promise<number> {
  const children = await Category.findAll({ where: { parentId: categoryId }, transaction: tx });
  const heights = await Promise.all(children.map((c) => subtreeHeight(c.id, tx)));
  return 1 + Math.max(0, ...heights);
}

async function assertParentFits(parentId: number | null, movingId: number | null, tx: Transaction) {
  if (parentId === null) return;
  if (!(await Category.findByPk(parentId, { transaction: tx })))
    throw new NotFoundError('The parent category', 'parentId');
  // walking up from the new parent must never meet the category being moved: that would be a cycle
  for (let id: number | null = parentId; id !== null;) {
    if (id === movingId) {
      throw new DomainError(
        'CATEGORY_CYCLE',
        'A category cannot move under itself or its descendants',
        409,
        'parentId',
      );
    }
    id = (await Category.findByPk(id, { transaction: tx }))?.parentId ?? null;
  }
  const height = movingId === null ? 1 : await subtreeHeight(movingId, tx);
  if ((await depthOf(parentId, tx)) + height > MAX_CATEGORY_DEPTH) {
    throw new DomainError('CATEGORY_TOO_DEEP', `Categories nest at most ${MAX_CATEGORY_DEPTH} levels`, 409, 'parentId');
  }
}

export async function createCategory(deps: PlatformDeps, actor: AdminActor, input: CategoryInput) {
  return withTx(deps.sequelize, async (tx) => {
    await assertParentFits(input.parentId, null, tx);
    const category = await Category.create(input, { transaction: tx });
    const after = node(category);
    await recordAudit(
      actor,
      { action: 'category.create', targetType: 'category', targetId: String(category.id), before: null, after },
      tx,
    );
    return after;
  });
}

export async function updateCategory(deps: PlatformDeps, actor: AdminActor, id: number, input: CategoryInput) {
  return withTx(deps.sequelize, async (tx) => {
    const category = await Category.findByPk(id, { transaction: tx, lock: tx.LOCK.UPDATE });
    if (!category) throw new NotFoundError('This category', 'id');
    const before = node(category);
    if (input.parentId !== category.parentId) await assertParentFits(input.parentId, id, tx);
    await category.update(input, { transaction: tx });
    const after = node(category);
    await recordAudit(
      actor,
      { action: 'category.update', targetType: 'category', targetId: String(id), before, after },
      tx,
    );
    return after;
  });
}

export async function deleteCategory(deps: PlatformDeps, actor: AdminActor, id: number) {
  await withTx(deps.sequelize, async (tx) => {
    const category = await Category.findByPk(id, { transaction: tx, lock: tx.LOCK.UPDATE });
    if (!category) throw new NotFoundError('This category', 'id');
    if (await Category.count({ where: { parentId: id }, transaction: tx })) {
      throw new DomainError(
        'CATEGORY_NOT_EMPTY',
        'This category has subcategories: move or delete them first',
        409,
        'id',
      );
    }
    if (await Product.count({ where: { categoryId: id }, transaction: tx })) {
      throw new DomainError('CATEGORY_NOT_EMPTY', 'This category has products: move them first', 409, 'id');
    }
    await category.destroy({ transaction: tx });
    await recordAudit(
      actor,
      { action: 'category.delete', targetType: 'category', targetId: String(id), before: node(category), after: null },
      tx,
    );
  });
}
