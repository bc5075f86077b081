import type {
  bindReferrer as bindRouteContract,
  getMyTeamFigures as figuresRouteContract,
  listMyTeamMembers as membersRouteContract,
  getTeamRanking as rankingRouteContract,
  listMyTeamHonours as honoursRouteContract,
  TeamRankingBoard,
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

// issue 11 team growth: rankings and honours

const rankingRoute = route<typeof rankingRouteContract>('GET', '/api/team/rankings');
const honoursRoute = route<typeof honoursRouteContract>('GET', '/api/team/honours');

export const getTeamRanking = (board: TeamRankingBoard, period: string) =>
  call(rankingRoute, { query: { board, period } });

export const listMyTeamHonours = () => call(honoursRoute);
