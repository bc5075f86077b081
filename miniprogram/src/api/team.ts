import type {
  bindReferrer as bindRouteContract,
  getMyTeamFigures as figuresRouteContract,
  listMyTeamMembers as membersRouteContract,
} from '@mall/shared';
import { call, route } from './client';

const bindRoute = route<typeof bindRouteContract>('POST', '/api/team/referrer');
const figuresRoute = route<typeof figuresRouteContract>('GET', '/api/team/figures');
const membersRoute = route<typeof membersRouteContract>('GET', '/api/team/members');

export const getMyTeamFigures = () => call(figuresRoute);

export const listMyTeamMembers = (level: 1 | 2, page = 1, pageSize = 20) =>
  call(membersRoute, { query: { level, page, pageSize } });

/** A logged-in member opened an inviter's link: bind as the server's binding mode allows. */
export const bindReferrer = (inviterCode: string) => call(bindRoute, { body: { inviterCode } });
