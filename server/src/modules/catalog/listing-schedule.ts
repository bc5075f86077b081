import { Op } from 'sequelize';
import { withTx, type Transaction } from '../../platform/db/database';
import { DomainError, ValidationError } from '../../platform/errors';
import type { AdminActor } from '../../platform/http/api-router';
import type { PlatformDeps } from '../../platform/deps';
import { enqueueAfterCommit } from '../../platform/queue/queues';
import { recordAudit } from '../admin';
import { Product } from './catalog.model';
import { lockProduct, recordStatusChange, type StatusActor } from './product-status';

export const LISTING_JOB = 'listing-schedule';
export const LISTING_SWEEP_JOB = 'listing-sweep';
export type ListingAction = 'on' | 'off';
export interface ListingJobData {
  productId: number;
  version: number;
  action: ListingAction;
}

/** Business key incl. the schedule version: a new schedule enqueues new jobs, and the old ones find a newer version. */
export const listingJobId = (productId: number, version: number, action: ListingAction) =>
  `listing:${productId}:v${version}:${action}`;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function scheduleJobs(deps: PlatformDeps, product: Product, tx: Transaction) {
  const times: [ListingAction, Date | null][] = [
    ['on', product.onSaleAt],
    ['off', product.offSaleAt],
  ];
  for (const [action, at] of times) {
    if (!at) continue;
    const data: ListingJobData = { productId: product.id, version: product.scheduleVersion, action };
    enqueueAfterCommit(
      tx,
      deps.queues.catalog,
      LISTING_JOB,
      data,
      {
        jobId: listingJobId(product.id, product.scheduleVersion, action),
        delay: Math.max(0, at.getTime() - Date.now()),
      },
      deps.logger,
    );
  }
}

function futureDate(value: string | null, field: string): Date | null {
  if (!value) return null;
  const at = new Date(value);
  if (at.getTime() <= Date.now()) throw new ValidationError(`${field} must be in the future`, field);
  return at;
}

export interface ScheduleInput {
  onSaleAt: string | null;
  offSaleAt: string | null;
  presale: boolean;
  reason?: string;
}

/**
 * Sets when a product goes on and off sale. With an on-sale time the product becomes scheduled (hidden until
 * then) or pre_sale (visible with its sale start); each call bumps the schedule version, which supersedes the
 * jobs of the previous schedule.
 */
export async function scheduleProduct(deps: PlatformDeps, actor: AdminActor, productId: number, input: ScheduleInput) {
  const onSaleAt = futureDate(input.onSaleAt, 'onSaleAt');
  const offSaleAt = futureDate(input.offSaleAt, 'offSaleAt');
  return withTx(deps.sequelize, async (tx) => {
    const product = await lockProduct(productId, tx);
    const before = { status: product.status, onSaleAt: iso(product.onSaleAt), offSaleAt: iso(product.offSaleAt) };
    const who: StatusActor = { type: 'admin', name: actor.username };
    if (onSaleAt) {
      if (product.status === 'on_sale') {
        throw new DomainError('ALREADY_ON_SALE', 'This product is already on sale', 409, 'onSaleAt');
      }
      const target = input.presale ? 'pre_sale' : 'scheduled';
      if (product.status !== target) {
        await recordStatusChange(product, target, who, input.reason ?? `on sale at ${onSaleAt.toISOString()}`, tx);
      }
    } else if (product.status === 'scheduled' || product.status === 'pre_sale') {
      throw new ValidationError('A scheduled product needs onSaleAt; set its status to draft to cancel', 'onSaleAt');
    }
    if (offSaleAt && (product.status === 'draft' || product.status === 'off_sale')) {
      throw new DomainError(
        'NOT_LISTED',
        'Only a listed or scheduled product can have an off-sale time',
        409,
        'offSaleAt',
      );
    }
    await product.update({ onSaleAt, offSaleAt, scheduleVersion: product.scheduleVersion + 1 }, { transaction: tx });
    scheduleJobs(deps, product, tx);
    const after = { status: product.status, onSaleAt: iso(product.onSaleAt), offSaleAt: iso(product.offSaleAt) };
    await recordAudit(
      actor,
      {
        action: 'product.schedule',
        targetType: 'product',
        targetId: String(product.id),
        before,
        after,
        reason: input.reason,
      },
      tx,
    );
    return { id: product.id, ...after };
  });
}

/** Applies whatever of the product's schedule is due: on sale first, then off sale. Returns the statuses reached. */
async function applyDueSchedule(product: Product, actor: StatusActor, reason: string, tx: Transaction) {
  const now = Date.now();
  const reached: string[] = [];
  if (
    (product.status === 'scheduled' || product.status === 'pre_sale') &&
    product.onSaleAt &&
    product.onSaleAt.getTime() <= now
  ) {
    await recordStatusChange(product, 'on_sale', actor, `${reason}: on-sale time reached`, tx);
    reached.push('on_sale');
  }
  if (product.status === 'on_sale' && product.offSaleAt && product.offSaleAt.getTime() <= now) {
    await recordStatusChange(product, 'off_sale', actor, `${reason}: off-sale time reached`, tx);
    reached.push('off_sale');
  }
  return reached;
}

/** The delayed job: does nothing when a newer schedule superseded it or when it is no longer due. */
export async function runListingJob(deps: PlatformDeps, data: ListingJobData) {
  const product = await Product.findByPk(data.productId);
  const at = data.action === 'on' ? product?.onSaleAt : product?.offSaleAt;
  // Bull may promote a delayed job a moment early; wait out the remainder rather than miss the time
  const early = at ? at.getTime() - Date.now() : 0;
  if (early > 0 && early < 5_000) await new Promise((r) => setTimeout(r, early));
  return withTx(deps.sequelize, async (tx) => {
    const locked = await Product.findByPk(data.productId, { transaction: tx, lock: tx.LOCK.UPDATE });
    if (!locked || locked.scheduleVersion !== data.version) return { outcome: 'superseded' };
    const reached = await applyDueSchedule(locked, { type: 'system', name: 'system:schedule' }, 'scheduled job', tx);
    return { outcome: reached.length ? reached.join(',') : 'nothing due' };
  });
}

/** Every minute: any due schedule whose job went missing (Redis flushed, job removed) is applied here. */
export async function sweepListingSchedules(deps: PlatformDeps) {
  const now = new Date();
  const due = await Product.findAll({
    attributes: ['id'],
    where: {
      [Op.or]: [
        { status: ['scheduled', 'pre_sale'], onSaleAt: { [Op.lte]: now } },
        { status: ['on_sale', 'scheduled', 'pre_sale'], offSaleAt: { [Op.lte]: now } },
      ],
    },
    limit: 500,
  });
  let applied = 0;
  for (const { id } of due) {
    const reached = await withTx(deps.sequelize, async (tx) => {
      const product = await Product.findByPk(id, { transaction: tx, lock: tx.LOCK.UPDATE });
      return product
        ? applyDueSchedule(product, { type: 'system', name: 'system:sweep' }, 'missed schedule caught by the sweep', tx)
        : [];
    });
    if (reached.length) applied++;
  }
  return { checked: due.length, applied };
}

/** The catalog's processors (schedule jobs, the sweep) and event listeners; called from startProcessors. */
export async function registerCatalogJobs(deps: PlatformDeps) {
  const queue = deps.queues.catalog;
  void queue.process(LISTING_JOB, 2, (job) => runListingJob(deps, job.data as ListingJobData));
  void queue.process(LISTING_SWEEP_JOB, 1, () => sweepListingSchedules(deps));
  await queue.add(LISTING_SWEEP_JOB, {}, { repeat: { every: 60_000 }, jobId: LISTING_SWEEP_JOB });
}
