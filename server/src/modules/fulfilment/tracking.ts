import { createHash } from 'node:crypto';
import type { Transaction } from 'sequelize';
import { canTransition, shipmentTransitions, type ShipmentStatus } from '@mall/shared';
import {
  parseBeijingTime,
  statusOfState,
  type Kuaidi100Client,
  type Kuaidi100Point,
  type Kuaidi100Track,
} from '../../integrations/kuaidi100';
import { forUpdate, withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import { enqueueAfterCommit } from '../../platform/queue/queues';
import { Shipment, TrackingEvent } from './fulfilment.model';
import { TRACK_JOB, trackJobId } from './shipments';

export type TrackingDeps = PlatformDeps & { kuaidi100: Kuaidi100Client | null };

/** Polling stops here even without a delivery (about 60 days at Kuaidi100's 4-hour rhythm); the parcel keeps its last status. */
const MAX_POLLS = 360;
const ENDED: readonly ShipmentStatus[] = ['delivered', 'returned'];

const STATUS_WORDS: Record<string, ShipmentStatus> = {
  揽收: 'collected',
  在途: 'in_transit',
  派件: 'delivering',
  签收: 'delivered',
  疑难: 'exception',
  退签: 'returned',
  退回: 'returned',
};

/**
 * A carrier's report applied to a parcel, in the caller's transaction with the parcel locked: every point is kept
 * once (the (shipment, time, context) key ignores one seen before), and the status follows the carrier's `state`
 * when the transition table allows it. A report that would move the parcel back is kept in the timeline only.
 */
export async function applyTrack(
  deps: Pick<PlatformDeps, 'events'>,
  shipment: Shipment,
  track: Pick<Kuaidi100Track, 'state' | 'data'>,
  tx: Transaction,
) {
  const rows = track.data.flatMap((p: Kuaidi100Point) => {
    const at = parseBeijingTime(p.ftime || p.time);
    const context = p.context.trim().slice(0, 500);
    if (!at || !context) return [];
    return [
      {
        shipmentId: shipment.id,
        eventTime: at,
        context,
        contextHash: createHash('sha1').update(context).digest('hex'),
        location: (p.location || p.areaName || '').slice(0, 100) || null,
        status: p.status ? (STATUS_WORDS[p.status] ?? null) : null,
      },
    ];
  });
  if (rows.length) await TrackingEvent.bulkCreate(rows, { ignoreDuplicates: true, transaction: tx });
  const next = statusOfState(track.state);
  if (next && next !== shipment.status && canTransition(shipmentTransitions, shipment.status, next)) {
    const deliveredAt = next === 'delivered' ? (rows[0]?.eventTime ?? new Date()) : shipment.deliveredAt;
    await shipment.update({ status: next, deliveredAt }, { transaction: tx });
    if (next === 'delivered') {
      await deps.events.record(tx, 'shipment.delivered', String(shipment.id), {
        shipmentId: shipment.id,
        orderNo: shipment.orderNo,
        aftersaleNo: shipment.aftersaleNo ?? null,
        deliveredAt: (deliveredAt ?? new Date()).toISOString(),
      });
    }
  }
}

/**
 * One poll of one parcel (the `track` job, id track:<shipment>:<poll>): asks the carrier, stores the timeline,
 * and schedules the next poll unless the parcel was delivered or returned. Two runs of the same poll schedule the
 * same next job id, so a parcel never has two polling chains.
 */
export async function pollShipment(deps: TrackingDeps, shipmentId: number): Promise<ShipmentStatus | null> {
  const client = deps.kuaidi100;
  const found = await Shipment.findByPk(shipmentId);
  if (!found || !client || ENDED.includes(found.status)) return found?.status ?? null;
  const track = await client.query({
    com: found.carrierCode,
    num: found.trackingNo,
    ...(found.carrierCode === 'shunfeng' && found.receiverPhoneMasked
      ? { phone: found.receiverPhoneMasked.slice(-4) }
      : {}),
  });
  return withTx(deps.sequelize, async (tx) => {
    const shipment = await Shipment.findByPk(shipmentId, forUpdate(tx));
    if (!shipment) return null;
    await applyTrack(deps, shipment, track, tx);
    const polls = shipment.pollCount + 1;
    await shipment.update({ pollCount: polls, lastPolledAt: new Date() }, { transaction: tx });
    if (!ENDED.includes(shipment.status) && polls < MAX_POLLS) {
      enqueueAfterCommit(
        tx,
        deps.queues.fulfilment,
        TRACK_JOB,
        { shipmentId },
        { jobId: trackJobId(shipmentId, polls), delay: deps.config.fulfilment.trackingPollMs },
        deps.logger,
      );
    }
    return shipment.status;
  });
}

/** Subscribes the parcel at Kuaidi100 so its pushes arrive between polls (501 "already subscribed" is fine). */
export async function subscribeShipment(deps: TrackingDeps, shipmentId: number): Promise<void> {
  const cfg = deps.config.fulfilment.kuaidi100;
  const shipment = await Shipment.findByPk(shipmentId);
  if (!shipment || !cfg || !deps.kuaidi100) return;
  await deps.kuaidi100.subscribe({
    company: shipment.carrierCode,
    number: shipment.trackingNo,
    ...(shipment.carrierCode === 'shunfeng' ? { phone: shipment.receiverPhoneMasked.slice(-4) } : {}),
    callbackUrl: `${cfg.callbackUrl}?shipmentId=${shipment.id}`,
    salt: cfg.callbackSalt,
  });
}

/** A verified Kuaidi100 push for a parcel: the same merge as a poll. Unknown parcels or numbers change nothing. */
export async function applyPush(
  deps: Pick<PlatformDeps, 'sequelize' | 'events'>,
  shipmentId: number,
  lastResult: Kuaidi100Track,
): Promise<boolean> {
  return withTx(deps.sequelize, async (tx) => {
    const shipment = await Shipment.findByPk(shipmentId, forUpdate(tx));
    if (!shipment || shipment.trackingNo !== lastResult.nu) return false;
    await applyTrack(
      deps,
      shipment,
      { state: lastResult.state, data: Array.isArray(lastResult.data) ? lastResult.data : [] },
      tx,
    );
    return true;
  });
}
