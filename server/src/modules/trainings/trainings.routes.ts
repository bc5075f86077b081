import {
  cancelTeamSession,
  cancelTeamSessionSignup,
  createTeamSession,
  getTeamSession,
  listTeamSessions,
  listTeamSessionSignups,
  markTeamSessionAttendance,
  signUpTeamSession,
  updateTeamSession,
} from '@mall/shared';
import { adminCancelTeamSession, adminListTeamSessions } from '@mall/shared/admin';
import type { PlatformDeps } from '../../platform/deps';
import type { AdminActor, ApiRouter } from '../../platform/http/api-router';
import { announceSession, updateSession } from './announce-session';
import { markAttendance } from './attendance';
import { cancelByAdmin, cancelByLeader } from './cancel-session';
import { lockLedSession } from './session-rules';
import { adminListSessions, getSessionFor, listSessionsFor, listSignups } from './session-views';
import { cancelSignup, signUp } from './sign-up';

export function registerTrainingRoutes(api: ApiRouter, deps: PlatformDeps) {
  const me = (ctx: { state: { member: { memberId: number } } }) => ctx.state.member.memberId;
  api.add(listTeamSessions, ({ ctx, query }) => listSessionsFor(me(ctx), query));
  api.add(getTeamSession, ({ ctx, params }) => getSessionFor(me(ctx), params.id));
  api.add(createTeamSession, ({ ctx, body }) => announceSession(deps, me(ctx), body));
  api.add(updateTeamSession, ({ ctx, params, body }) => updateSession(deps, me(ctx), params.id, body));
  api.add(cancelTeamSession, ({ ctx, params, body }) => cancelByLeader(deps, me(ctx), params.id, body.reason));
  api.add(signUpTeamSession, ({ ctx, params }) => signUp(deps, me(ctx), params.id));
  api.add(cancelTeamSessionSignup, ({ ctx, params }) => cancelSignup(deps, me(ctx), params.id));
  // the leader's list: the same check as the leader's writes (403 for the audience, 404 for strangers)
  api.add(listTeamSessionSignups, async ({ ctx, params, query }) =>
    listSignups(await lockLedSession(params.id, me(ctx)), query),
  );
  api.add(markTeamSessionAttendance, ({ ctx, params, body }) =>
    markAttendance(deps, me(ctx), params.id, params.signupId, body.status),
  );

  const actor = (ctx: { state: { actor?: unknown } }) => ctx.state.actor as AdminActor;
  api.add(adminListTeamSessions, ({ query }) => adminListSessions(query));
  api.add(adminCancelTeamSession, ({ ctx, params, body }) => cancelByAdmin(deps, actor(ctx), params.id, body.reason));
}
