import type { FlashDrift } from '@mall/shared/admin';
import { NotFoundError } from '../../platform/errors';
import { FlashGrab, FlashItem, FlashSession } from './flash-sale.model';
import { flashKeys, PLACE_FLASH_ORDER_JOB, type FlashSaleDeps } from './flash-deps';
import { loadItemFrom, orderedByMember } from './flash-items';
import { parseTicket, reconcileItemStock, scanItem, settleTicket } from './flash-stock';

/** Tickets younger than this are left to their job (it may be running right now). */
const SETTLE_AFTER_MS = 60_000;

/** Tickets looked at together by the reconcile (one IN list, one pipeline). */
const RECONCILE_CHUNK = 500;

/** A ticket with no decision and no job left (an enqueue lost) is queued again; true when it needed that. */
async function requeueIfLost(deps: FlashSaleDeps, ticket: string, fix: boolean): Promise<boolean> {
  const job = await deps.queues.flash.getJob(ticket);
  const state = job ? await job.getState() : null;
  if (state === 'waiting' || state === 'active' || state === 'delayed') return false;
  if (!fix) return true;
  if (job && state === 'failed') await job.retry();
  else {
    if (job) await job.remove();
    await deps.queues.flash.add(PLACE_FLASH_ORDER_JOB, { ticket }, { jobId: ticket });
  }
  return true;
}

/**
 * One item's Redis state against the database (the truth for what was ordered):
 * - no hash (a Redis restart): rebuilt from the database;
 * - a queued ticket the database already decided (a worker died between its commit and the Redis update): settled
 *   as the database says; one with no decision and no job left (an enqueue lost): queued again (job id = ticket);
 * - left and each member's units compared with stock - sold - in flight, and with the member's ordered units plus
 *   in flight; with `fix`, set to those.
 * A grab that commits while this runs can show as a passing difference: the database's checks still refuse any
 * sale past the stock or the limit, and the next run sees it settled.
 */
async function reconcileItem(deps: FlashSaleDeps, item: FlashItem, session: FlashSession, fix: boolean) {
  const keys = flashKeys(deps);
  const drift: FlashDrift = {
    itemId: item.id,
    redisLeft: null,
    expectedLeft: item.stock - item.sold,
    memberDrifts: 0,
    ticketsSettled: 0,
    ticketsRequeued: 0,
    rebuilt: false,
  };
  const scanned = await scanItem(deps.redis, keys, item.id);
  if (!scanned) {
    if (fix && session.status !== 'draft') drift.rebuilt = await loadItemFrom(deps, item, session);
    return drift;
  }
  const now = Date.now();
  const { inFlight } = scanned;
  // a chunk at a time: one database query and pipelined Redis calls for each (a flash crowd leaves a hundred
  // thousand tickets in flight while the workers catch up; one round trip after another took minutes)
  for (let i = 0; i < inFlight.length; i += RECONCILE_CHUNK) {
    const tickets = inFlight.slice(i, i + RECONCILE_CHUNK);
    const decided = await FlashGrab.findAll({ where: { ticket: tickets } });
    drift.ticketsSettled += decided.length;
    if (fix) {
      await Promise.all(
        decided.map((row) =>
          settleTicket(
            deps.redis,
            keys,
            item.id,
            row.ticket,
            row.status === 'failed'
              ? { status: 'failed', failCode: row.failCode ?? 'FAILED' }
              : { status: 'ordered', orderNo: row.orderNo! },
          ),
        ),
      );
    }
    const known = new Set(decided.map((row) => row.ticket));
    const open = tickets.filter((ticket) => !known.has(ticket));
    // a ticket gone from Redis counts as old: its job, if any is left, is looked at
    const held = open.length ? await deps.redis.hmget(keys.tickets(item.id), ...open) : [];
    const old = open.filter((_, j) => now - (parseTicket(held[j] ?? null)?.takenAt ?? 0) >= SETTLE_AFTER_MS);
    const requeued = await Promise.all(old.map((ticket) => requeueIfLost(deps, ticket, fix)));
    drift.ticketsRequeued += requeued.filter(Boolean).length;
  }
  // read after the settling above: the database's figures, then Redis compared with them in one script
  const fresh = (await FlashItem.findByPk(item.id))!;
  const compared = await reconcileItemStock(
    deps.redis,
    keys,
    item.id,
    { stockLeft: fresh.stock - fresh.sold, orderedByMember: await orderedByMember(item.id) },
    scanned.members,
    fix,
  );
  return { ...drift, ...compared };
}

export async function reconcileSession(deps: FlashSaleDeps, sessionId: number, fix: boolean) {
  const session = await FlashSession.findByPk(sessionId);
  if (!session) throw new NotFoundError('Flash session', 'id');
  const items = await FlashItem.findAll({ where: { sessionId }, order: [['id', 'ASC']] });
  const drifts: FlashDrift[] = [];
  for (const item of items) drifts.push(await reconcileItem(deps, item, session, fix));
  return { sessionId, fixed: fix, items: drifts };
}

/** A drift worth a log line: Redis disagreed with the database, or a ticket needed help. */
export const isDrift = (d: FlashDrift) =>
  d.rebuilt ||
  d.memberDrifts > 0 ||
  d.ticketsSettled > 0 ||
  d.ticketsRequeued > 0 ||
  (d.redisLeft !== null && d.redisLeft !== d.expectedLeft);
