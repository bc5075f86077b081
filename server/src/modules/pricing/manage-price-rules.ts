import { type z } from 'zod';
import type { Transaction } from 'sequelize';
import type { PriceRuleInput } from '@mall/shared/admin';
import { forUpdate, withTx } from '../../platform/db/database';
import { DomainError, NotFoundError } from '../../platform/errors';
import type { AdminActor } from '../../platform/http/api-router';
import { recordAudit } from '../admin';
import { skusOfProduct } from '../catalog';
import type { LevelLadder, PricingModuleDeps } from './level-ladder';
import { PriceRuleRow } from './price-rule.model';
import { toRuleView } from './price-rules';

type RuleInput = z.output<typeof PriceRuleInput>;

/** Two rules with the same key would fight over the same price: the unique index on it refuses the second. */
function scopeKeyOf(input: RuleInput): string {
  const target = `p${input.productId}:s${input.skuId ?? '*'}`;
  switch (input.kind) {
    case 'level':
      return `level:${target}:${input.levelCode}`;
    case 'channel':
      return `channel:${target}:${input.channel}`;
    case 'special':
      return `special:${target}:${input.channel ?? '*'}:${Date.parse(input.startsAt)}-${Date.parse(input.endsAt)}`;
  }
}

function toAttributes(input: RuleInput) {
  return {
    kind: input.kind,
    productId: input.productId,
    skuId: input.skuId,
    levelCode: input.kind === 'level' ? input.levelCode : null,
    channel: input.kind === 'level' ? null : input.channel,
    fixedPriceFen: input.fixedPriceFen,
    discountBps: input.discountBps,
    startsAt: input.kind === 'special' ? new Date(input.startsAt) : null,
    endsAt: input.kind === 'special' ? new Date(input.endsAt) : null,
    label: input.label,
    scopeKey: scopeKeyOf(input),
  };
}

/** The rules that need the database: the product, SKU and level exist, and a fixed price is a reduction. */
async function assertApplicable(ladder: LevelLadder, input: RuleInput, tx: Transaction): Promise<void> {
  const skus = await skusOfProduct(input.productId, tx);
  if (!skus) throw new DomainError('UNKNOWN_PRODUCT', `Product ${input.productId} does not exist`, 422, 'productId');
  const covered = input.skuId === null ? skus : skus.filter((s) => s.id === input.skuId);
  if (!covered.length) {
    throw new DomainError('SKU_NOT_IN_PRODUCT', `SKU ${input.skuId} is not a SKU of this product`, 422, 'skuId');
  }
  if (input.kind === 'level' && !(await ladder.listLevels(tx)).some((l) => l.code === input.levelCode)) {
    throw new DomainError('UNKNOWN_LEVEL', `There is no member level "${input.levelCode}"`, 422, 'levelCode');
  }
  // a price rule lowers a price; a "fixed price" above every base price it covers is a typo, not a rule
  const highestBaseFen = Math.max(...covered.map((s) => s.priceFen));
  if (input.fixedPriceFen !== null && input.fixedPriceFen > highestBaseFen) {
    throw new DomainError(
      'PRICE_ABOVE_BASE',
      `A fixed price of ${input.fixedPriceFen} fen is above the base price (${highestBaseFen} fen)`,
      422,
      'fixedPriceFen',
    );
  }
  if (input.kind === 'special' && Date.parse(input.endsAt) <= Date.now()) {
    throw new DomainError('SPECIAL_PRICE_ALREADY_ENDED', 'This special price would already be over', 422, 'endsAt');
  }
}

async function assertScopeFree(scopeKey: string, exceptId: number | null, tx: Transaction): Promise<void> {
  const clash = await PriceRuleRow.findOne({ where: { scopeKey }, transaction: tx });
  if (clash && clash.id !== exceptId) {
    throw new DomainError('PRICE_RULE_EXISTS', `Rule ${clash.id} already prices this; change it instead`, 409, 'kind');
  }
}

/** A race between two identical creates ends at the unique index: answer as the sequential case would. */
function uniqueClashAsConflict(error: unknown): never {
  if (error instanceof Error && error.name === 'SequelizeUniqueConstraintError') {
    throw new DomainError('PRICE_RULE_EXISTS', 'An identical price rule already exists', 409, 'kind');
  }
  throw error;
}

export async function createPriceRule(deps: PricingModuleDeps, actor: AdminActor, input: RuleInput) {
  return withTx(deps.sequelize, async (tx) => {
    await assertApplicable(deps.levelLadder, input, tx);
    const attributes = toAttributes(input);
    await assertScopeFree(attributes.scopeKey, null, tx);
    const row = await PriceRuleRow.create(attributes, { transaction: tx });
    const after = toRuleView(row);
    await recordAudit(
      actor,
      { action: 'price_rule.create', targetType: 'price_rule', targetId: String(row.id), before: null, after },
      tx,
    );
    return after;
  }).catch(uniqueClashAsConflict);
}

export async function updatePriceRule(deps: PricingModuleDeps, actor: AdminActor, id: number, input: RuleInput) {
  return withTx(deps.sequelize, async (tx) => {
    const row = await PriceRuleRow.findByPk(id, forUpdate(tx));
    if (!row) throw new NotFoundError('This price rule', 'id');
    const before = toRuleView(row);
    await assertApplicable(deps.levelLadder, input, tx);
    const attributes = toAttributes(input);
    await assertScopeFree(attributes.scopeKey, row.id, tx);
    await row.update(attributes, { transaction: tx });
    const after = toRuleView(row);
    await recordAudit(
      actor,
      { action: 'price_rule.update', targetType: 'price_rule', targetId: String(row.id), before, after },
      tx,
    );
    return after;
  }).catch(uniqueClashAsConflict);
}

export async function deletePriceRule(deps: PricingModuleDeps, actor: AdminActor, id: number): Promise<void> {
  await withTx(deps.sequelize, async (tx) => {
    const row = await PriceRuleRow.findByPk(id, forUpdate(tx));
    if (!row) throw new NotFoundError('This price rule', 'id');
    const before = toRuleView(row);
    await row.destroy({ transaction: tx });
    await recordAudit(
      actor,
      { action: 'price_rule.delete', targetType: 'price_rule', targetId: String(id), before, after: null },
      tx,
    );
  });
}
