import { applyAsDistributor, getMyEarnings, listMyCommissions, type EarningsView } from '@mall/shared';
import { adminDecideDistributor, adminListCommissions, adminListDistributors } from '@mall/shared/admin';
import { withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import type { AdminActor, ApiRouter } from '../../platform/http/api-router';
import { recordAudit } from '../admin';
import { accountBalance } from '../ledger';
import { listCommissions } from './commission-views';
import { applyForDistributorship, decideDistributor, distributorOf, listDistributors } from './distributors';

export function registerDistributionRoutes(api: ApiRouter, deps: PlatformDeps) {
  const policy = deps.config.distribution;
  const me = (ctx: { state: { member: { memberId: number } } }) => ctx.state.member.memberId;
  const actorOf = (ctx: { state: { actor?: unknown } }) => ctx.state.actor as AdminActor;

  api.add(getMyEarnings, async ({ ctx }): Promise<EarningsView> => {
    const memberId = me(ctx);
    const [distributor, frozenFen, availableFen, receivableFen] = await Promise.all([
      distributorOf(policy, memberId),
      accountBalance({ kind: 'member_frozen', memberId }),
      accountBalance({ kind: 'member_available', memberId }),
      accountBalance({ kind: 'member_receivable', memberId }),
    ]);
    return { distributor, frozenFen, availableFen, owedFen: Math.max(0, -receivableFen) };
  });
  api.add(applyAsDistributor, ({ ctx }) => withTx(deps.sequelize, (t) => applyForDistributorship(policy, me(ctx), t)));
  api.add(listMyCommissions, ({ ctx, query }) =>
    listCommissions({ ...query, beneficiaryId: me(ctx) }).then((page) => ({
      ...page,
      items: page.items.map(({ beneficiaryId: _b, buyerId: _buyer, orderLineId: _line, ...view }) => view),
    })),
  );

  api.add(adminListDistributors, ({ query }) => listDistributors(policy, query));
  api.add(adminDecideDistributor, ({ ctx, params, body }) =>
    withTx(deps.sequelize, async (t) => {
      const actor = actorOf(ctx);
      const { before, after } = await decideDistributor(
        policy,
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
}
