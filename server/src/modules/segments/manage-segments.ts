import type { z } from 'zod';
import type { Transaction } from 'sequelize';
import type { SegmentInput } from '@mall/shared/admin';
import { forUpdate, withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import { NotFoundError } from '../../platform/errors';
import type { AdminActor } from '../../platform/http/api-router';
import { recordAudit } from '../admin';
import { memberExists } from '../members';
import { enqueueSegmentComputation } from './segments.jobs';
import { MemberTag, Segment, SegmentMember } from './segment.model';
import { toSegmentView } from './segment-queries';

type Input = z.output<typeof SegmentInput>;
type Deps = Pick<PlatformDeps, 'sequelize' | 'queues' | 'logger'>;

async function lockSegment(id: number, tx: Transaction) {
  const row = await Segment.findByPk(id, forUpdate(tx));
  if (!row) throw new NotFoundError('This segment', 'id');
  return row;
}

/** A new segment is computed at once (a job after commit). */
export async function createSegment(deps: Deps, actor: AdminActor, input: Input) {
  return withTx(deps.sequelize, async (tx) => {
    const requestedAt = new Date();
    const row = await Segment.create(
      { name: input.name, description: input.description, rulesJson: JSON.stringify(input.rules), requestedAt },
      { transaction: tx },
    );
    const after = toSegmentView(row);
    await recordAudit(
      actor,
      { action: 'segment.create', targetType: 'segment', targetId: String(row.id), before: null, after },
      tx,
    );
    enqueueSegmentComputation(deps, tx, row.id, requestedAt);
    return after;
  });
}

/** Changes a segment (or only asks for a run), audited, and queues its computation after commit. */
async function changeAndCompute(
  deps: Deps,
  actor: AdminActor,
  id: number,
  action: string,
  changes: Partial<Pick<Segment, 'name' | 'description' | 'rulesJson'>>,
) {
  return withTx(deps.sequelize, async (tx) => {
    const row = await lockSegment(id, tx);
    const before = toSegmentView(row);
    const requestedAt = new Date();
    await row.update({ ...changes, requestedAt }, { transaction: tx });
    const after = toSegmentView(row);
    await recordAudit(actor, { action, targetType: 'segment', targetId: String(id), before, after }, tx);
    enqueueSegmentComputation(deps, tx, id, requestedAt);
    return after;
  });
}

/** A changed definition is recomputed at once; until then the old membership stays readable. */
export const updateSegment = (deps: Deps, actor: AdminActor, id: number, input: Input) =>
  changeAndCompute(deps, actor, id, 'segment.update', {
    name: input.name,
    description: input.description,
    rulesJson: JSON.stringify(input.rules),
  });

export const requestSegmentComputation = (deps: Deps, actor: AdminActor, id: number) =>
  changeAndCompute(deps, actor, id, 'segment.compute', {});

export async function deleteSegment(deps: Deps, actor: AdminActor, id: number): Promise<void> {
  await withTx(deps.sequelize, async (tx) => {
    const row = await lockSegment(id, tx);
    const before = toSegmentView(row);
    await SegmentMember.destroy({ where: { segmentId: id }, transaction: tx });
    await row.destroy({ transaction: tx });
    await recordAudit(
      actor,
      { action: 'segment.delete', targetType: 'segment', targetId: String(id), before, after: null },
      tx,
    );
  });
}

export async function memberTagsOf(memberId: number) {
  if (!(await memberExists(memberId))) throw new NotFoundError('This member', 'memberId');
  const rows = await MemberTag.findAll({ where: { memberId }, order: [['tag', 'ASC']] });
  return { memberId, tags: rows.map((r) => r.tag) };
}

/** Replaces a member's tags (segments read them at their next computation). */
export async function setMemberTags(deps: Deps, actor: AdminActor, memberId: number, tags: readonly string[]) {
  if (!(await memberExists(memberId))) throw new NotFoundError('This member', 'memberId');
  return withTx(deps.sequelize, async (tx) => {
    const current = await MemberTag.findAll({ where: { memberId }, transaction: tx });
    const before = { memberId, tags: current.map((r) => r.tag).sort() };
    const wanted = [...new Set(tags)].sort();
    await MemberTag.destroy({ where: { memberId }, transaction: tx });
    if (wanted.length)
      await MemberTag.bulkCreate(
        wanted.map((tag) => ({ memberId, tag })),
        { transaction: tx },
      );
    const after = { memberId, tags: wanted };
    await recordAudit(
      actor,
      { action: 'member.tags', targetType: 'member', targetId: String(memberId), before, after },
      tx,
    );
    return after;
  });
}
