import { readFileSync } from 'node:fs';
import path from 'node:path';
import { specKey } from '@mall/shared';
import { Banner, Category, Product, ProductStatusChange, Sku } from '../modules/catalog';
import { createMember } from '../modules/members';
import { seedDemoPriceRules } from '../modules/pricing';
import { openLoyaltyAccount, seedLoyaltyDemo } from '../modules/loyalty';
import { attachNewMember } from '../modules/team';
import { withTx } from '../platform/db/database';
import type { PlatformDeps } from '../platform/deps';

interface SeedCatalog {
  categories: { key: string; name: string }[];
  products: {
    key: string;
    category: string;
    name: string;
    subtitle: string;
    origin?: string;
    ingredients?: string;
    efficacy?: string;
    skus: [string, string, number, number][];
  }[];
  banners: { title: string; product: string }[];
}

const SEED_DIR = path.join(__dirname, '../../seed');

/** Demo data for the quickstart: categories, a dozen products with their images, a small referral tree. Runs once. */
export async function seedDemoData(deps: PlatformDeps): Promise<boolean> {
  if ((await Product.count()) > 0) return false;
  const catalog = JSON.parse(readFileSync(path.join(SEED_DIR, 'catalog.json'), 'utf8')) as SeedCatalog;
  await withTx(deps.sequelize, async (tx) => {
    const categoryIds = new Map<string, number>();
    for (const [i, c] of catalog.categories.entries()) {
      const row = await Category.create(
        { name: c.name, parentId: null, iconUrl: null, sortOrder: i },
        { transaction: tx },
      );
      categoryIds.set(c.key, row.id);
    }
    const productIds = new Map<string, number>();
    for (const p of catalog.products) {
      const image = `/media/products/${p.key}.svg`;
      const prices = p.skus.map(([, , priceFen]) => priceFen);
      const product = await Product.create(
        {
          categoryId: categoryIds.get(p.category) ?? null,
          name: p.name,
          subtitle: p.subtitle,
          coverUrl: image,
          imagesJson: JSON.stringify([image]),
          description: `<p>${p.name}：${p.subtitle}。</p><p>正品保障，七天无理由退货。</p>`,
          origin: p.origin ?? '',
          ingredients: p.ingredients ?? '',
          efficacy: p.efficacy ?? '',
          shareText: `${p.name}，${p.subtitle}`,
          specDimensionsJson: JSON.stringify([{ name: p.skus[0][0], values: p.skus.map(([, value]) => value) }]),
          minPriceFen: Math.min(...prices),
          maxPriceFen: Math.max(...prices),
          status: 'on_sale',
          listedAt: new Date(),
        },
        { transaction: tx },
      );
      productIds.set(p.key, product.id);
      await ProductStatusChange.create(
        {
          productId: product.id,
          fromStatus: null,
          toStatus: 'on_sale',
          actorType: 'system',
          actor: 'system:seed',
          reason: 'demo data',
        },
        { transaction: tx },
      );
      await Sku.bulkCreate(
        p.skus.map(([dimension, value, priceFen, stock]) => ({
          productId: product.id,
          specsJson: JSON.stringify({ [dimension]: value }),
          specKey: specKey({ [dimension]: value }),
          priceFen,
          stock,
        })),
        { transaction: tx },
      );
    }
    await seedDemoPriceRules(tx);
    for (const [i, b] of catalog.banners.entries()) {
      await Banner.create(
        {
          title: b.title,
          imageUrl: `/media/products/${b.product}.svg`,
          linkType: 'product',
          linkValue: String(productIds.get(b.product)),
          sortOrder: i,
          startsAt: null,
          endsAt: null,
          isActive: true,
        },
        { transaction: tx },
      );
    }
    // a small referral tree: 王芳 invited 李明 and 张伟; 李明 invited 陈静
    const tree: [string, string, string | null][] = [
      ['demo-wangfang', '王芳', null],
      ['demo-liming', '李明', 'demo-wangfang'],
      ['demo-zhangwei', '张伟', 'demo-wangfang'],
      ['demo-chenjing', '陈静', 'demo-liming'],
    ];
    const ids = new Map<string, number>();
    for (const [openid, nickname, referrer] of tree) {
      const m = await createMember(
        { openid, unionid: null, nickname, inviteCode: openid.slice(5, 13).toUpperCase().padEnd(8, 'X') },
        tx,
      );
      await attachNewMember(deps, m.id, referrer ? ids.get(referrer)! : null, tx);
      await openLoyaltyAccount(m.id, tx);
      ids.set(openid, m.id);
    }
    await seedLoyaltyDemo(deps, [...ids.values()], tx);
  });
  return true;
}
