import {
  adminComputeSegment,
  adminCreateSegment,
  adminDeleteSegment,
  adminGetMemberTags,
  adminGetSegment,
  adminListSegments,
  adminSegmentMembers,
  adminSetMemberTags,
  adminUpdateSegment,
} from '@mall/shared/admin';
import type { PlatformDeps } from '../../platform/deps';
import type { AdminActor, ApiRouter } from '../../platform/http/api-router';
import {
  createSegment,
  deleteSegment,
  memberTagsOf,
  requestSegmentComputation,
  setMemberTags,
  updateSegment,
} from './manage-segments';
import { getSegment, listSegments, segmentMembersPage } from './segment-queries';

export function registerSegmentAdminRoutes(api: ApiRouter, deps: PlatformDeps) {
  const actorOf = (ctx: { state: { actor?: unknown } }) => ctx.state.actor as AdminActor;
  api.add(adminListSegments, ({ query }) => listSegments(query.page, query.pageSize));
  api.add(adminGetSegment, ({ params }) => getSegment(params.id));
  api.add(adminCreateSegment, ({ body, ctx }) => createSegment(deps, actorOf(ctx), body));
  api.add(adminUpdateSegment, ({ params, body, ctx }) => updateSegment(deps, actorOf(ctx), params.id, body));
  api.add(adminDeleteSegment, ({ params, ctx }) => deleteSegment(deps, actorOf(ctx), params.id));
  api.add(adminComputeSegment, ({ params, ctx }) => requestSegmentComputation(deps, actorOf(ctx), params.id));
  api.add(adminSegmentMembers, ({ params, query }) => segmentMembersPage(params.id, query.page, query.pageSize));
  api.add(adminGetMemberTags, ({ params }) => memberTagsOf(params.memberId));
  api.add(adminSetMemberTags, ({ params, body, ctx }) => setMemberTags(deps, actorOf(ctx), params.memberId, body.tags));
}
