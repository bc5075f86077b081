import {
  bindMyPhone,
  getMe,
  getMyProfile,
  updateMyProfile as updateMyProfileRoute,
  uploadMyAvatar,
  wechatLogin,
} from '@mall/shared';
import {
  adminExportMembers,
  adminGetMember,
  adminSearchMembers,
  adminUpdateMember as adminUpdateMemberRoute,
} from '@mall/shared/admin';
import { withTx } from '../platform/db/database';
import type { PlatformDeps } from '../platform/deps';
import type { AdminPrincipal } from '../platform/http/auth';
import type { AdminActor, ApiRouter } from '../platform/http/api-router';
import { rateLimit } from '../platform/http/rate-limit';
import type { WechatPhoneClient } from '../integrations/wechat';
import { recordAudit } from '../modules/admin';
import {
  adminUpdateMember,
  bindPhone,
  receiveAvatar,
  saveAvatar,
  updateMyProfile,
  type WechatClient,
} from '../modules/members';
import { exportMembersWithLevels, searchMembersWithLevels } from './member-search';
import { adminMemberDetailOf, memberViewOf, profileViewOf } from './member-views';
import { loginWithWechat } from './register-member';

export type MemberFlowDeps = PlatformDeps & { wechat: WechatClient; wechatPhone: WechatPhoneClient };

/**
 * Member routes whose answers show the level and the team: each runs the members use case (its own transaction),
 * then reads the composed view after commit.
 */
export function registerMemberProfileRoutes(api: ApiRouter, deps: MemberFlowDeps) {
  const me = (ctx: { state: { member: { memberId: number } } }) => ctx.state.member.memberId;
  const limit = (name: string) =>
    rateLimit(deps.redis, deps.config.redisPrefix, {
      name,
      limit: deps.config.rateLimit.loginPerMinute,
      windowMs: 60_000,
    });
  // each phone code costs a WeChat call, and the quota is per mini-program: the login budget is a fair bound
  const [loginLimit, phoneLimit] = [limit('login'), limit('bind-phone')];

  api.add(wechatLogin, ({ ctx, body }) => loginWithWechat(deps, body, ctx.get('X-Device-Id') || undefined), [
    loginLimit,
  ]);
  api.add(getMe, ({ ctx }) => memberViewOf(me(ctx)));
  api.add(getMyProfile, ({ ctx }) => profileViewOf(deps, me(ctx)));
  api.add(updateMyProfileRoute, async ({ ctx, body }) => {
    await updateMyProfile(deps, me(ctx), body);
    return profileViewOf(deps, me(ctx));
  });
  api.add(
    uploadMyAvatar,
    async ({ ctx }) => {
      await saveAvatar(deps, me(ctx), ctx.state.upload);
      return profileViewOf(deps, me(ctx));
    },
    [receiveAvatar],
  );
  api.add(
    bindMyPhone,
    async ({ ctx, body }) => {
      await bindPhone(deps, ctx.state.member, body.code);
      return profileViewOf(deps, me(ctx));
    },
    [phoneLimit],
  );
}

/** Admin member search, export, detail and corrections (the ID number reveal stays with members). */
export function registerMemberAdminRoutes(api: ApiRouter, deps: PlatformDeps) {
  api.add(adminSearchMembers, ({ query }) => searchMembersWithLevels(deps, query));
  api.add(adminExportMembers, async ({ ctx, query, requestId }) => {
    const { file, rowCount } = await exportMembersWithLevels(deps, query);
    // a bulk read of personal data is recorded like a write: who took which rows out, and when
    const actor: AdminActor = { ...(ctx.state.admin as AdminPrincipal), requestId, ip: ctx.ip, audited: false };
    await withTx(deps.sequelize, (tx) =>
      recordAudit(
        actor,
        { action: 'members.exported', targetType: 'member', targetId: '*', before: null, after: { query, rowCount } },
        tx,
      ),
    );
    const day = new Date().toISOString().slice(0, 10);
    ctx.set('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    ctx.set('Content-Disposition', `attachment; filename="members-${day}.xlsx"`);
    ctx.body = file;
  });
  api.add(adminGetMember, ({ params }) => adminMemberDetailOf(deps, params.memberId));
  api.add(adminUpdateMemberRoute, async ({ ctx, params, body }) => {
    await adminUpdateMember(deps, ctx.state.actor as AdminActor, params.memberId, body);
    return adminMemberDetailOf(deps, params.memberId);
  });
}
