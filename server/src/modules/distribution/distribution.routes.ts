import {
  applyAsDistributor,
  confirmMyStatement,
  disputeMyStatement,
  getMyEarnings,
  getMyStatement,
  listMyCommissions,
  listMyStatements,
  type EarningsView,
} from '@mall/shared';
import {
  adminCloseStatements,
  adminDecideDistributor,
  adminListStatements,
  adminResolveStatement,
  adminGetDistributionPolicy,
  adminDeleteCommissionOverride,
  adminListCommissionOverrides,
  adminListCommissions,
  adminListDistributors,
  adminSetCommissionOverride,
  adminSetDistributionPolicy,
} from '@mall/shared/admin';
import { withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import type { AdminActor, ApiRouter } from '../../platform/http/api-router';
import { recordAudit } from '../admin';
import { accountBalance } from '../ledger';
import { deleteCommissionOverride, listCommissionOverrides, setCommissionOverride } from './commission-overrides';
import { listCommissions } from './commission-views';
import {
  applyForDistributorship,
  canApplyNow,
  decideDistributor,
  distributorOf,
  listDistributors,
} from './distributors';
import {
  closeStatements,
  confirmStatement,
  disputeStatement,
  getStatement,
  listStatements,
  resolveStatement,
} from './statements';
import { currentPolicy, policyInForce, setPolicy, type PolicyInForce } from './policy';

export function registerDistributionRoutes(api: ApiRouter, deps: PlatformDeps) {
  const policy = () => currentPolicy(deps);
  const me = (ctx: { state: { member: { memberId: number } } }) => ctx.state.member.memberId;
  const actorOf = (ctx: { state: { actor?: unknown } }) => ctx.state.actor as AdminActor;

  api.add(getMyEarnings, async ({ ctx }): Promise<EarningsView> => {
    const memberId = me(ctx);
    const inForce = await policy();
    const [distributor, frozenFen, settlingFen, availableFen, receivableFen] = await Promise.all([
      distributorOf(inForce, memberId),
      accountBalance({ kind: 'member_frozen', memberId }),
      accountBalance({ kind: 'member_settling', memberId }),
      accountBalance({ kind: 'member_available', memberId }),
      accountBalance({ kind: 'member_receivable', memberId }),
    ]);
    return {
      distributor,
      frozenFen,
      settlingFen,
      availableFen,
      owedFen: Math.max(0, -receivableFen),
      canApply: canApplyNow(inForce, distributor),
    };
  });
  api.add(applyAsDistributor, ({ ctx }) =>
    withTx(deps.sequelize, async (t) => applyForDistributorship(await policy(), me(ctx), t)),
  );
  api.add(listMyCommissions, ({ ctx, query }) =>
    listCommissions({ ...query, beneficiaryId: me(ctx) }).then((page) => ({
      ...page,
      items: page.items.map(({ beneficiaryId: _b, buyerId: _buyer, orderLineId: _line, ...view }) => view),
    })),
  );

  api.add(listMyStatements, ({ ctx, query }) => listStatements({ ...query, memberId: me(ctx) }));
  api.add(getMyStatement, ({ ctx, params }) => getStatement(params.statementNo, me(ctx)));
  api.add(confirmMyStatement, ({ ctx, params }) => confirmStatement(deps, params.statementNo, me(ctx)));
  api.add(disputeMyStatement, ({ ctx, params, body }) =>
    disputeStatement(deps, params.statementNo, me(ctx), body.reason),
  );

  api.add(adminListStatements, ({ query }) => listStatements(query));
  api.add(adminCloseStatements, async ({ ctx, body }) => {
    const periodEnd = new Date(body.periodEnd);
    const made = await closeStatements(deps, periodEnd, (statement, t) =>
      recordAudit(
        actorOf(ctx),
        {
          action: 'distribution.statement.close',
          targetType: 'settlement_statement',
          targetId: statement.statementNo,
          before: null,
          after: statement,
        },
        t,
      ),
    );
    // a close that found nothing to gather is still an admin action on record
    if (made === 0)
      await withTx(deps.sequelize, (t) =>
        recordAudit(
          actorOf(ctx),
          {
            action: 'distribution.statement.close',
            targetType: 'settlement_cycle',
            targetId: periodEnd.toISOString(),
            before: null,
            after: { made },
          },
          t,
        ),
      );
    return { made, periodEnd: periodEnd.toISOString() };
  });
  api.add(adminResolveStatement, ({ ctx, params, body }) =>
    withTx(deps.sequelize, async (t) => {
      const actor = actorOf(ctx);
      const { before, after } = await resolveStatement(
        deps,
        params.statementNo,
        `admin:${actor.username}`,
        body.note,
        t,
      );
      await recordAudit(
        actor,
        {
          action: 'distribution.statement.resolve',
          targetType: 'settlement_statement',
          targetId: params.statementNo,
          before,
          after,
          reason: body.note,
        },
        t,
      );
      return after;
    }),
  );
  api.add(adminListDistributors, async ({ query }) => listDistributors(await policy(), query));
  api.add(adminDecideDistributor, ({ ctx, params, body }) =>
    withTx(deps.sequelize, async (t) => {
      const actor = actorOf(ctx);
      const { before, after } = await decideDistributor(
        await policy(),
        params.memberId,
        { action: body.action, gradeCode: body.gradeCode, reason: body.reason, by: `admin:${actor.username}` },
        t,
      );
      await recordAudit(
        actor,
        {
          action: `distributor.${body.action}`,
          targetType: 'distributor',
          targetId: String(params.memberId),
          before,
          after,
          reason: body.reason,
        },
        t,
      );
      return after;
    }),
  );
  api.add(adminListCommissions, ({ query }) => listCommissions(query));
  // the policy is plain JSON data: answered as the record the contract describes
  const asView = (p: PolicyInForce) => ({ ...p, policy: { ...p.policy } as Record<string, unknown> });
  api.add(adminGetDistributionPolicy, async () => asView(await policyInForce(deps)));
  api.add(adminSetDistributionPolicy, ({ ctx, body }) =>
    withTx(deps.sequelize, async (t) => {
      const actor = actorOf(ctx);
      const before = await policyInForce(deps);
      const after = await setPolicy(deps.config, body, `admin:${actor.username}`, t);
      await recordAudit(
        actor,
        {
          action: 'distribution.policy',
          targetType: 'distribution_policy',
          targetId: String(after.version),
          before: before.policy,
          after: after.policy,
        },
        t,
      );
      return asView(after);
    }),
  );

  api.add(adminListCommissionOverrides, ({ query }) => listCommissionOverrides(query));
  api.add(adminSetCommissionOverride, ({ ctx, body }) =>
    withTx(deps.sequelize, async (t) => {
      const actor = actorOf(ctx);
      const { before, after } = await setCommissionOverride(body, `admin:${actor.username}`, t);
      await recordAudit(
        actor,
        {
          action: 'distribution.override.set',
          targetType: 'commission_override',
          targetId: String(after.id),
          before,
          after,
        },
        t,
      );
      return after;
    }),
  );
  api.add(adminDeleteCommissionOverride, ({ ctx, params }) =>
    withTx(deps.sequelize, async (t) => {
      const before = await deleteCommissionOverride(params.id, t);
      await recordAudit(
        actorOf(ctx),
        {
          action: 'distribution.override.delete',
          targetType: 'commission_override',
          targetId: String(params.id),
          before,
          after: null,
        },
        t,
      );
    }),
  );
}
