import {
  bindReferrer as bindRoute,
  getMyTeamFigures as figuresRoute,
  listMyTeamMembers as membersRoute,
} from '@mall/shared';
import { call } from './client';

export const getMyTeamFigures = () => call(figuresRoute);

export const listMyTeamMembers = (level: 1 | 2, page = 1, pageSize = 20) =>
  call(membersRoute, { query: { level, page, pageSize } });

/** A logged-in member opened an inviter's link: bind as the server's binding mode allows. */
export const bindReferrer = (inviterCode: string) => call(bindRoute, { body: { inviterCode } });
