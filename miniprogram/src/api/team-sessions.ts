import type { BodyOf } from '@mall/shared';
import type {
  cancelTeamSession as cancelRouteContract,
  cancelTeamSessionSignup as cancelSignupRouteContract,
  createTeamSession as createRouteContract,
  getTeamSession as getRouteContract,
  listTeamSessions as listRouteContract,
  listTeamSessionSignups as signupsRouteContract,
  markTeamSessionAttendance as markRouteContract,
  signUpTeamSession as signUpRouteContract,
  updateTeamSession as updateRouteContract,
} from '@mall/shared';
import { call, route } from './client';

const listRoute = route<typeof listRouteContract>('GET', '/api/team-sessions');
const getRoute = route<typeof getRouteContract>('GET', '/api/team-sessions/:id');
const createRoute = route<typeof createRouteContract>('POST', '/api/team-sessions');
const updateRoute = route<typeof updateRouteContract>('PUT', '/api/team-sessions/:id');
const cancelRoute = route<typeof cancelRouteContract>('POST', '/api/team-sessions/:id/cancel');
const signUpRoute = route<typeof signUpRouteContract>('POST', '/api/team-sessions/:id/signup');
const cancelSignupRoute = route<typeof cancelSignupRouteContract>('POST', '/api/team-sessions/:id/signup/cancel');
const signupsRoute = route<typeof signupsRouteContract>('GET', '/api/team-sessions/:id/signups');
const markRoute = route<typeof markRouteContract>('POST', '/api/team-sessions/:id/signups/:signupId/attendance');

export type TeamSessionScope = 'available' | 'led' | 'joined';
export type TeamSessionBody = BodyOf<typeof createRouteContract>;

export const listTeamSessions = (scope: TeamSessionScope, page = 1, pageSize = 20) =>
  call(listRoute, { query: { scope, page, pageSize } });

export const getTeamSession = (id: number) => call(getRoute, { params: { id } });

export const createTeamSession = (body: TeamSessionBody) => call(createRoute, { body });

export const updateTeamSession = (id: number, body: TeamSessionBody) => call(updateRoute, { params: { id }, body });

export const cancelTeamSession = (id: number, reason: string) =>
  call(cancelRoute, { params: { id }, body: { reason } });

export const signUpTeamSession = (id: number) => call(signUpRoute, { params: { id } });

export const cancelTeamSessionSignup = (id: number) => call(cancelSignupRoute, { params: { id } });

export const listTeamSessionSignups = (id: number, page = 1) =>
  call(signupsRoute, { params: { id }, query: { page, pageSize: 100 } });

export const markTeamSessionAttendance = (id: number, signupId: number, status: 'attended' | 'absent') =>
  call(markRoute, { params: { id, signupId }, body: { status } });
