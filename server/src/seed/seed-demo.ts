import { readFileSync } from 'node:fs';
import path from 'node:path';
import { catalogIsEmpty, seedDemoCatalog, type DemoCatalog } from '../modules/catalog';
import { createMember } from '../modules/members';
import { seedDemoPriceRules } from '../modules/pricing';
import { seedDemoGroupbuy } from '../modules/groupbuy';
import { openLoyaltyAccount, seedLoyaltyDemo } from '../modules/loyalty';
import { attachNewMember } from '../modules/team';
import { withTx } from '../platform/db/database';
import type { PlatformDeps } from '../platform/deps';
import { SERVER_DIR } from '../platform/paths';

const SEED_DIR = path.join(SERVER_DIR, 'seed');

/** Demo data for the quickstart: categories, a dozen products with their images, a small referral tree. Runs once. */
export async function seedDemoData(deps: PlatformDeps): Promise<boolean> {
  if (!(await catalogIsEmpty())) return false;
  const catalog = JSON.parse(readFileSync(path.join(SEED_DIR, 'catalog.json'), 'utf8')) as DemoCatalog;
  await withTx(deps.sequelize, async (tx) => {
    const productIds = await seedDemoCatalog(tx, catalog);
    await seedDemoPriceRules(tx, productIds);
    await seedDemoGroupbuy(tx, productIds); // issue 12: a running 拼团 for the home entry
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
