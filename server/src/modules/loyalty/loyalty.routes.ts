import {
  exchangePoints as exchangeRoute,
  listMyExchanges as listMyExchangesRoute,
  listPointsRewards,
  getMyLevelCard,
  getMyPoints,
  listMyLevelHistory,
  listMyPointsLedger,
  signIn,
} from '@mall/shared';
import {
  adminAdjustPoints,
  adminCreatePointsReward,
  adminListPointsExchanges,
  adminListPointsRewards,
  adminSetExchangeStatus,
  adminCreateLevel,
  adminDeleteLevel,
  adminGetMemberLoyalty,
  adminListMemberLevelHistory,
  adminListMemberPointsLedger,
  adminListLevels,
  adminSetMemberLevel,
  adminUpdateLevel,
} from '@mall/shared/admin';
import type { AdminActor, ApiRouter } from '../../platform/http/api-router';
import type { PlatformDeps } from '../../platform/deps';
import { exchangePoints, listExchanges, setExchangeStatus } from './exchange-points';
import { createReward, listRewards } from './manage-rewards';
import { adjustPoints, assertMemberExists, setMemberLevel } from './admin-adjust';
import {
  getLevelCard,
  getPointsBalance,
  listLevelHistory,
  listLevelHistoryForAdmin,
  listPointsLedger,
  listPointsLedgerForAdmin,
} from './loyalty-queries';
import { createLevel, deleteLevel, listLevelViews, updateLevel } from './manage-levels';
import { signInToday } from './sign-in';

/** Member routes: my level card and history, my points, ledger and sign-in, rewards and my exchanges. */
export function registerLoyaltyRoutes(api: ApiRouter, deps: PlatformDeps) {
  const me = (ctx: { state: { member: { memberId: number } } }) => ctx.state.member.memberId;
  api.add(getMyLevelCard, ({ ctx }) => getLevelCard(deps, me(ctx), new Date()));
  api.add(listMyLevelHistory, ({ ctx, query }) => listLevelHistory(me(ctx), query.page, query.pageSize));
  api.add(getMyPoints, ({ ctx }) => getPointsBalance(deps, me(ctx), new Date()));
  api.add(listMyPointsLedger, ({ ctx, query }) => listPointsLedger(me(ctx), query.page, query.pageSize));
  api.add(signIn, async ({ ctx }) => {
    const now = new Date();
    const result = await signInToday(deps, me(ctx), now);
    return { ...result, balance: await getPointsBalance(deps, me(ctx), now) };
  });
  api.add(listPointsRewards, async () => ({ items: await listRewards(true) }));
  api.add(exchangeRoute, ({ ctx, body }) => exchangePoints(deps, me(ctx), body.rewardId, body.requestId));
  // the member's own id rides along on each item: nothing another member could learn from it
  api.add(listMyExchangesRoute, ({ ctx, query }) => listExchanges({ memberId: me(ctx) }, query.page, query.pageSize));
}

/** Admin routes: the ladder, a member's level and points by hand, rewards and exchanges (writes audited). */
export function registerLoyaltyAdminRoutes(api: ApiRouter, deps: PlatformDeps) {
  const actorOf = (ctx: { state: { actor?: unknown } }) => ctx.state.actor as AdminActor;
  api.add(adminListLevels, async () => ({ items: await listLevelViews() }));
  api.add(adminCreateLevel, ({ ctx, body }) => createLevel(deps, actorOf(ctx), body));
  api.add(adminUpdateLevel, ({ ctx, params, body }) => updateLevel(deps, actorOf(ctx), params.code, body));
  api.add(adminDeleteLevel, ({ ctx, params }) => deleteLevel(deps, actorOf(ctx), params.code));
  api.add(adminSetMemberLevel, ({ ctx, params, body }) =>
    setMemberLevel(deps, actorOf(ctx), params.id, body.levelCode, body.reason),
  );
  api.add(adminAdjustPoints, ({ ctx, params, body }) => adjustPoints(deps, actorOf(ctx), params.id, body));
  api.add(adminListPointsRewards, async () => ({ items: await listRewards(false) }));
  api.add(adminListPointsExchanges, ({ query }) =>
    listExchanges({ memberId: query.memberId, status: query.status }, query.page, query.pageSize),
  );
  api.add(adminCreatePointsReward, ({ ctx, body }) => createReward(deps, actorOf(ctx), body));
  api.add(adminSetExchangeStatus, ({ ctx, params, body }) =>
    setExchangeStatus(deps, actorOf(ctx), params.id, body.status, body.reason),
  );
  api.add(adminGetMemberLoyalty, async ({ params }) => {
    await assertMemberExists(params.id);
    const now = new Date();
    return { card: await getLevelCard(deps, params.id, now), points: await getPointsBalance(deps, params.id, now) };
  });
  api.add(adminListMemberLevelHistory, async ({ params, query }) => {
    await assertMemberExists(params.id);
    return listLevelHistoryForAdmin(params.id, query.page, query.pageSize);
  });
  api.add(adminListMemberPointsLedger, async ({ params, query }) => {
    await assertMemberExists(params.id);
    return listPointsLedgerForAdmin(params.id, query.page, query.pageSize);
  });
}
