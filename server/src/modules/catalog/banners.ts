import { Op } from 'sequelize';
import type { z } from 'zod';
import type { BannerInput } from '@mall/shared/admin';
import { withTx } from '../../platform/db/database';
import { NotFoundError } from '../../platform/errors';
import type { AdminActor } from '../../platform/http/api-router';
import type { PlatformDeps } from '../../platform/deps';
import { recordAudit } from '../admin';
import { assertCleanCopy } from './copy-check';
import { Banner } from './listing.model';

type BannerFields = z.output<typeof BannerInput>;

function bannerView(b: Banner) {
  return {
    id: b.id,
    title: b.title,
    imageUrl: b.imageUrl,
    linkType: b.linkType,
    linkValue: b.linkValue,
    sortOrder: b.sortOrder,
    startsAt: b.startsAt ? b.startsAt.toISOString() : null,
    endsAt: b.endsAt ? b.endsAt.toISOString() : null,
    isActive: b.isActive,
  };
}

const attributes = (input: BannerFields) => ({
  ...input,
  startsAt: input.startsAt ? new Date(input.startsAt) : null,
  endsAt: input.endsAt ? new Date(input.endsAt) : null,
});

const ORDER = [
  ['sortOrder', 'ASC'],
  ['id', 'ASC'],
] as [string, string][];

/** Banners a member sees now: active, and inside their window (an open end never closes). */
export async function listActiveBanners(now = new Date()) {
  const rows = await Banner.findAll({
    where: {
      isActive: true,
      [Op.and]: [
        { [Op.or]: [{ startsAt: null }, { startsAt: { [Op.lte]: now } }] },
        { [Op.or]: [{ endsAt: null }, { endsAt: { [Op.gt]: now } }] },
      ],
    },
    order: ORDER,
    limit: 20,
  });
  return rows.map(bannerView);
}

export async function listAllBanners() {
  return (await Banner.findAll({ order: ORDER })).map(bannerView);
}

export async function createBanner(deps: PlatformDeps, actor: AdminActor, input: BannerFields) {
  assertCleanCopy(deps.config.catalog, { title: input.title });
  return withTx(deps.sequelize, async (tx) => {
    const banner = await Banner.create(attributes(input), { transaction: tx });
    const after = bannerView(banner);
    await recordAudit(
      actor,
      { action: 'banner.create', targetType: 'banner', targetId: String(banner.id), before: null, after },
      tx,
    );
    return after;
  });
}

export async function updateBanner(deps: PlatformDeps, actor: AdminActor, id: number, input: BannerFields) {
  assertCleanCopy(deps.config.catalog, { title: input.title });
  return withTx(deps.sequelize, async (tx) => {
    const banner = await Banner.findByPk(id, { transaction: tx, lock: tx.LOCK.UPDATE });
    if (!banner) throw new NotFoundError('This banner', 'id');
    const before = bannerView(banner);
    await banner.update(attributes(input), { transaction: tx });
    const after = bannerView(banner);
    await recordAudit(
      actor,
      { action: 'banner.update', targetType: 'banner', targetId: String(id), before, after },
      tx,
    );
    return after;
  });
}

export async function deleteBanner(deps: PlatformDeps, actor: AdminActor, id: number) {
  await withTx(deps.sequelize, async (tx) => {
    const banner = await Banner.findByPk(id, { transaction: tx, lock: tx.LOCK.UPDATE });
    if (!banner) throw new NotFoundError('This banner', 'id');
    await banner.destroy({ transaction: tx });
    await recordAudit(
      actor,
      { action: 'banner.delete', targetType: 'banner', targetId: String(id), before: bannerView(banner), after: null },
      tx,
    );
  });
}
