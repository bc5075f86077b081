import type { z } from 'zod';
import { Op, type Transaction } from 'sequelize';
import {
  assertTransition,
  flashSessionTransitions,
  type FlashSessionPhase,
  type FlashSessionStatus,
} from '@mall/shared';
import type { AdminFlashSessionView, FlashSessionInput } from '@mall/shared/admin';
import { recordAudit } from '../admin';
import { skusForSale } from '../catalog';
import { cacheBus } from '../../platform/cache/invalidation-bus';
import { withTx } from '../../platform/db/database';
import { DomainError, NotFoundError, ValidationError } from '../../platform/errors';
import type { AdminActor } from '../../platform/http/api-router';
import { FlashItem, FlashSession } from './flash-sale.model';
import type { FlashSaleDeps } from './flash-deps';
import { resetSessionStock } from './flash-items';

type SessionInput = z.output<typeof FlashSessionInput>;

/** Members' session list is cached; admin writes drop it in every process. */
export const FLASH_SESSIONS_TOPIC = 'flash-sessions';

export function phaseOf(session: { startsAt: Date; endsAt: Date }, now = Date.now()): FlashSessionPhase {
  if (now < session.startsAt.getTime()) return 'upcoming';
  return now < session.endsAt.getTime() ? 'live' : 'ended';
}

export async function adminSessionView(session: FlashSession, tx?: Transaction): Promise<AdminFlashSessionView> {
  const items = await FlashItem.findAll({ where: { sessionId: session.id }, order: [['id', 'ASC']], transaction: tx });
  return {
    id: session.id,
    name: session.name,
    startsAt: session.startsAt.toISOString(),
    endsAt: session.endsAt.toISOString(),
    status: session.status,
    phase: phaseOf(session),
    createdAt: session.createdAt.toISOString(),
    items: items.map((i) => ({
      id: i.id,
      skuId: i.skuId,
      productId: i.productId,
      flashPriceFen: i.flashPriceFen,
      stock: i.stock,
      perMemberLimit: i.perMemberLimit,
      sold: i.sold,
      soldOutAt: i.soldOutAt?.toISOString() ?? null,
    })),
  };
}

export async function listAdminSessions(query: { page: number; pageSize: number; status?: FlashSessionStatus }) {
  const { rows, count } = await FlashSession.findAndCountAll({
    where: query.status ? { status: query.status } : {},
    order: [['startsAt', 'DESC']],
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return {
    items: await Promise.all(rows.map((s) => adminSessionView(s))),
    total: count,
    page: query.page,
    pageSize: query.pageSize,
  };
}

export async function getAdminSession(id: number) {
  const session = await FlashSession.findByPk(id);
  if (!session) throw new NotFoundError('Flash session', 'id');
  return adminSessionView(session);
}

/** Each SKU must be on sale, and the flash price below its list price (a flash sale that costs more is a typo). */
async function itemRowsOf(input: SessionInput) {
  const skus = await skusForSale(input.items.map((i) => i.skuId));
  return input.items.map((item, index) => {
    const sku = skus.find((s) => s.id === item.skuId);
    if (!sku || !sku.isActive) throw new ValidationError(`SKU ${item.skuId} does not exist`, `items.${index}.skuId`);
    if (item.flashPriceFen >= sku.priceFen) {
      throw new ValidationError(
        `The flash price must be below the list price (${sku.priceFen} fen)`,
        `items.${index}.flashPriceFen`,
      );
    }
    return { ...item, productId: sku.productId };
  });
}

function announce(tx: Transaction) {
  cacheBus.publishAfterCommit(tx, FLASH_SESSIONS_TOPIC, null);
}

export async function createSession(deps: FlashSaleDeps, actor: AdminActor, input: SessionInput) {
  const rows = await itemRowsOf(input);
  return withTx(deps.sequelize, async (tx) => {
    const session = await FlashSession.create(
      { name: input.name, startsAt: new Date(input.startsAt), endsAt: new Date(input.endsAt), status: 'draft' },
      { transaction: tx },
    );
    await FlashItem.bulkCreate(
      rows.map((r) => ({ ...r, sessionId: session.id })),
      { transaction: tx },
    );
    const view = await adminSessionView(session, tx);
    await recordAudit(
      actor,
      {
        action: 'flash.session_created',
        targetType: 'flash_session',
        targetId: String(session.id),
        before: null,
        after: view,
      },
      tx,
    );
    return view;
  });
}

async function lockSession(id: number, tx: Transaction) {
  const session = await FlashSession.findByPk(id, { transaction: tx, lock: tx.LOCK.UPDATE });
  if (!session) throw new NotFoundError('Flash session', 'id');
  return session;
}

/** Name, slot and items are replaced whole, only before the slot starts (nothing can have been grabbed yet). */
export async function updateSession(deps: FlashSaleDeps, actor: AdminActor, id: number, input: SessionInput) {
  const rows = await itemRowsOf(input);
  let oldItemIds: number[] = [];
  const view = await withTx(deps.sequelize, async (tx) => {
    const session = await lockSession(id, tx);
    if (session.status === 'cancelled')
      throw new DomainError('FLASH_SESSION_CANCELLED', 'This session was cancelled', 409);
    if (phaseOf(session) !== 'upcoming') {
      throw new DomainError('FLASH_SESSION_STARTED', 'A session cannot be changed once its slot has started', 409);
    }
    const before = await adminSessionView(session, tx);
    oldItemIds = before.items.map((i) => i.id);
    await session.update(
      { name: input.name, startsAt: new Date(input.startsAt), endsAt: new Date(input.endsAt) },
      { transaction: tx },
    );
    await FlashItem.destroy({ where: { sessionId: id, id: { [Op.in]: oldItemIds } }, transaction: tx });
    await FlashItem.bulkCreate(
      rows.map((r) => ({ ...r, sessionId: id })),
      { transaction: tx },
    );
    const after = await adminSessionView(session, tx);
    await recordAudit(
      actor,
      { action: 'flash.session_updated', targetType: 'flash_session', targetId: String(id), before, after },
      tx,
    );
    announce(tx);
    return after;
  });
  await resetSessionStock(deps, id, oldItemIds);
  return view;
}

export async function moveSession(deps: FlashSaleDeps, actor: AdminActor, id: number, to: 'published' | 'cancelled') {
  const view = await withTx(deps.sequelize, async (tx) => {
    const session = await lockSession(id, tx);
    assertTransition('flash session', flashSessionTransitions, session.status, to);
    if (to === 'published' && phaseOf(session) === 'ended') {
      throw new DomainError('FLASH_SESSION_ENDED', 'This session’s slot is over', 409);
    }
    const before = session.status;
    await session.update({ status: to }, { transaction: tx });
    const after = await adminSessionView(session, tx);
    await recordAudit(
      actor,
      {
        action: to === 'published' ? 'flash.session_published' : 'flash.session_cancelled',
        targetType: 'flash_session',
        targetId: String(id),
        before: { status: before },
        after: { status: to },
      },
      tx,
    );
    announce(tx);
    return after;
  });
  // published: the items' hashes are built now, so the first grabs find them; cancelled: grabs stop at once
  await resetSessionStock(deps, id);
  return view;
}
