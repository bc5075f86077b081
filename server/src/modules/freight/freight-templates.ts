import type { z } from 'zod';
import type { Transaction } from 'sequelize';
import type { FreightRule, FreightTemplateInput, FreightTemplateView } from '@mall/shared/admin';
import { recordAudit } from '../admin';
import { forUpdate, withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import { DomainError, NotFoundError } from '../../platform/errors';
import type { AdminActor } from '../../platform/http/api-router';
import {
  freightFeeFen,
  NotDeliverableError,
  type FreightDestination,
  type FreightItem,
  type FreightTemplateRules,
} from './freight-calculator';
import { FreightRuleRow, FreightTemplate } from './freight.model';

type TemplateInput = z.output<typeof FreightTemplateInput>;

const toRule = (r: FreightRuleRow): FreightRule => ({
  regions: JSON.parse(r.regionsJson) as string[],
  firstUnits: r.firstUnits,
  firstFeeFen: r.firstFeeFen,
  extraUnits: r.extraUnits,
  extraFeeFen: r.extraFeeFen,
});

async function viewsOf(templates: FreightTemplate[], tx?: Transaction): Promise<FreightTemplateView[]> {
  const rules = templates.length
    ? await FreightRuleRow.findAll({
        where: { templateId: templates.map((t) => t.id) },
        order: [['sortOrder', 'ASC']],
        transaction: tx,
      })
    : [];
  return templates.map((t) => ({
    id: t.id,
    name: t.name,
    basis: t.basis,
    freeAboveFen: t.freeAboveFen,
    rules: rules.filter((r) => r.templateId === t.id).map(toRule),
    updatedAt: t.updatedAt.toISOString(),
  }));
}

export async function listFreightTemplates(): Promise<FreightTemplateView[]> {
  return viewsOf(await FreightTemplate.findAll({ order: [['id', 'ASC']] }));
}

export async function getFreightTemplate(id: number): Promise<FreightTemplateView> {
  const template = await FreightTemplate.findByPk(id);
  if (!template) throw new NotFoundError('This freight template', 'id');
  return (await viewsOf([template]))[0]!;
}

/** Templates by id, as the calculator reads them; unknown ids are absent. */
export async function freightTemplatesByIds(ids: readonly number[]): Promise<Map<number, FreightTemplateRules>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const views = await viewsOf(await FreightTemplate.findAll({ where: { id: unique } }));
  return new Map(views.map((v) => [v.id, { id: v.id, basis: v.basis, freeAboveFen: v.freeAboveFen, rules: v.rules }]));
}

/** The shipping fee of these lines to this destination; 409 NOT_DELIVERABLE when a template has no rule for it. */
export async function shippingFeeFen(items: readonly FreightItem[], to: FreightDestination | null): Promise<number> {
  const templates = await freightTemplatesByIds(items.flatMap((i) => (i.templateId === null ? [] : [i.templateId])));
  try {
    return freightFeeFen(items, templates, to);
  } catch (error) {
    if (error instanceof NotDeliverableError) {
      throw new DomainError('NOT_DELIVERABLE', 'Some items cannot be shipped to this region', 409, 'address');
    }
    throw error;
  }
}

async function writeRules(templateId: number, rules: FreightRule[], tx: Transaction) {
  await FreightRuleRow.destroy({ where: { templateId }, transaction: tx });
  await FreightRuleRow.bulkCreate(
    rules.map((r, i) => ({
      templateId,
      regionsJson: JSON.stringify(r.regions),
      firstUnits: r.firstUnits,
      firstFeeFen: r.firstFeeFen,
      extraUnits: r.extraUnits,
      extraFeeFen: r.extraFeeFen,
      sortOrder: i,
    })),
    { transaction: tx },
  );
}

function assertOneDefault(input: TemplateInput) {
  if (input.rules.filter((r) => r.regions.length === 0).length > 1) {
    throw new DomainError('FREIGHT_RULES_INVALID', 'Only one rule may be the default (no regions)', 400, 'rules');
  }
}

export async function createFreightTemplate(deps: PlatformDeps, actor: AdminActor, input: TemplateInput) {
  assertOneDefault(input);
  return withTx(deps.sequelize, async (tx) => {
    const row = await FreightTemplate.create(
      { name: input.name, basis: input.basis, freeAboveFen: input.freeAboveFen },
      { transaction: tx },
    );
    await writeRules(row.id, input.rules, tx);
    const after = (await viewsOf([row], tx))[0]!;
    await recordAudit(
      actor,
      {
        action: 'freight_template.create',
        targetType: 'freight_template',
        targetId: String(row.id),
        before: null,
        after,
      },
      tx,
    );
    return after;
  });
}

export async function updateFreightTemplate(deps: PlatformDeps, actor: AdminActor, id: number, input: TemplateInput) {
  assertOneDefault(input);
  return withTx(deps.sequelize, async (tx) => {
    const row = await FreightTemplate.findByPk(id, forUpdate(tx));
    if (!row) throw new NotFoundError('This freight template', 'id');
    const before = (await viewsOf([row], tx))[0]!;
    await row.update({ name: input.name, basis: input.basis, freeAboveFen: input.freeAboveFen }, { transaction: tx });
    await writeRules(row.id, input.rules, tx);
    const after = (await viewsOf([row], tx))[0]!;
    await recordAudit(
      actor,
      { action: 'freight_template.update', targetType: 'freight_template', targetId: String(id), before, after },
      tx,
    );
    return after;
  });
}

export async function deleteFreightTemplate(deps: PlatformDeps, actor: AdminActor, id: number): Promise<void> {
  await withTx(deps.sequelize, async (tx) => {
    const row = await FreightTemplate.findByPk(id, forUpdate(tx));
    if (!row) throw new NotFoundError('This freight template', 'id');
    const before = (await viewsOf([row], tx))[0]!;
    await FreightRuleRow.destroy({ where: { templateId: id }, transaction: tx });
    await row.destroy({ transaction: tx });
    await recordAudit(
      actor,
      { action: 'freight_template.delete', targetType: 'freight_template', targetId: String(id), before, after: null },
      tx,
    );
  });
}
