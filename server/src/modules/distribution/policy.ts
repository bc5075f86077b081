import type { Transaction } from 'sequelize';
import { checkDistributionPolicy, type DistributionPolicy } from '@mall/shared';
import { cacheBus } from '../../platform/cache/invalidation-bus';
import { CachedValue } from '../../platform/cache/local-cache';
import type { Config } from '../../platform/config';
import { DomainError } from '../../platform/errors';
import { DistributionPolicyRow, POLICY_TOPIC } from './distribution.model';

export interface PolicyInForce {
  policy: DistributionPolicy;
  /** `config` (config/distribution.json) until an admin sets one; then the version number. */
  source: 'config' | 'admin';
  version: number | null;
}

const latest = new CachedValue(() => DistributionPolicyRow.findOne({ order: [['id', 'DESC']] }), { ttlMs: 60_000 });
cacheBus.on(POLICY_TOPIC, () => latest.invalidate());

/** The policy in force: the newest an admin set, else the configuration's (both passed the guard). */
export async function policyInForce(deps: { config: Config }): Promise<PolicyInForce> {
  const row = await latest.get();
  if (!row) return { policy: deps.config.distribution, source: 'config', version: null };
  return { policy: JSON.parse(row.policyJson) as DistributionPolicy, source: 'admin', version: row.id };
}

export const currentPolicy = async (deps: { config: Config }) => (await policyInForce(deps)).policy;

/** Every reason the policy cannot be used here: the compliance guard, and a release before refunds close. */
export function policyViolations(config: Config, candidate: unknown) {
  const violations = checkDistributionPolicy(candidate);
  const freezeDays = (candidate as { freezeDays?: unknown } | null)?.freezeDays;
  if (typeof freezeDays === 'number' && freezeDays < config.fulfilment.afterSalesDays)
    violations.push({
      code: 'INVALID_POLICY',
      field: 'freezeDays',
      message: `${freezeDays} days would release commission while a refund can still be asked (after-sales window ${config.fulfilment.afterSalesDays} days)`,
    });
  return violations;
}

/**
 * An admin sets the policy: refused with every reason when it breaks the guard (nothing is written), else stored
 * as a new version, in force in every process once committed (the invalidation bus).
 */
export async function setPolicy(
  config: Config,
  candidate: unknown,
  by: string,
  t: Transaction,
): Promise<PolicyInForce> {
  const violations = policyViolations(config, candidate);
  // a body that is not a policy at all is bad input (400); a policy the law or our rules refuse is 422
  if (violations.some((v) => v.code === 'INVALID_POLICY'))
    throw new DomainError(
      'VALIDATION_FAILED',
      `Not a distribution policy: ${violations.map((v) => `${v.field || '(root)'}: ${v.message}`).join('; ')}`,
      400,
      violations[0]!.field || 'body',
      { violations },
    );
  if (violations.length > 0)
    throw new DomainError(
      'POLICY_REFUSED',
      `The distribution policy is refused: ${violations.map((v) => `${v.field}: ${v.message}`).join('; ')}`,
      422,
      violations[0]!.field,
      { violations },
    );
  const policy = candidate as DistributionPolicy;
  const row = await DistributionPolicyRow.create(
    { policyJson: JSON.stringify(policy), createdBy: by },
    { transaction: t },
  );
  return { policy, source: 'admin', version: row.id };
}
