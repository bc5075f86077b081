import { z } from 'zod';
import { TEAM_SESSION_SIGNUP_STATUSES, TEAM_SESSION_STATUSES } from '../statuses';
import { access, defineRoute, Id, PageQuery, pageOf } from './route';

/** Who a session is for: the leader's direct members (level 1), or the whole team the law allows (levels 1–2). */
export const TEAM_SESSION_AUDIENCES = ['direct', 'team'] as const;
export type TeamSessionAudience = (typeof TEAM_SESSION_AUDIENCES)[number];

/** The member list's tabs: sessions of my upline leaders I may join, those I lead, those I signed up for. */
export const TEAM_SESSION_SCOPES = ['available', 'led', 'joined'] as const;

/** Why a session request was refused: stable codes the mini-program can explain. */
export const TEAM_SESSION_ERROR_CODES = [
  'TEAM_SESSION_LEADER_ONLY',
  'NO_TEAM_MEMBERS',
  'TEAM_SESSION_NOT_IN_AUDIENCE',
  'TEAM_SESSION_FULL',
  'TEAM_SESSION_SIGNUP_CLOSED',
  'TEAM_SESSION_STARTED',
  'TEAM_SESSION_NOT_STARTED',
  'TEAM_SESSION_CLOSED',
  'TEAM_SESSION_ATTENDANCE_CLOSED',
  'TEAM_SESSION_CAPACITY_BELOW_SIGNUPS',
  'TEAM_SESSION_AUDIENCE_LOCKED',
  'TEAM_SESSION_NOT_SIGNED_UP',
  'TEAM_SESSION_TOO_MANY',
] as const;

const iso = z.iso.datetime({ offset: true });

/** What a leader writes; the times are checked against each other here and against "now" in the use case. */
export const TeamSessionInput = z
  .object({
    title: z.string().trim().min(1).max(30),
    description: z.string().trim().max(1000).default(''),
    startsAt: iso,
    endsAt: iso,
    /** Sign-ups close then (at the latest when the session starts). */
    signupDeadline: iso,
    place: z.string().trim().min(1).max(120).nullable().default(null),
    onlineUrl: z
      .url({ protocol: /^https$/ })
      .max(300)
      .nullable()
      .default(null),
    /** Seats; null: no limit. */
    capacity: z.number().int().min(1).max(10_000).nullable().default(null),
    audience: z.enum(TEAM_SESSION_AUDIENCES),
  })
  .superRefine((s, ctx) => {
    if (Date.parse(s.endsAt) <= Date.parse(s.startsAt))
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
    if (Date.parse(s.signupDeadline) > Date.parse(s.startsAt))
      ctx.addIssue({ code: 'custom', path: ['signupDeadline'], message: 'must not be after startsAt' });
    if (s.place === null && s.onlineUrl === null)
      ctx.addIssue({ code: 'custom', path: ['place'], message: 'a place or an online link is needed' });
  });
export type TeamSessionInput = z.input<typeof TeamSessionInput>;

export const TeamSessionView = z.object({
  id: z.number().int(),
  leaderId: z.number().int(),
  leaderName: z.string(),
  title: z.string(),
  description: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  signupDeadline: z.string(),
  place: z.string().nullable(),
  onlineUrl: z.string().nullable(),
  capacity: z.number().int().nullable(),
  audience: z.enum(TEAM_SESSION_AUDIENCES),
  /** finished as soon as the end passed (the sweep writes it a little later). */
  status: z.enum(TEAM_SESSION_STATUSES),
  signedUpCount: z.number().int(),
  /** Signing up is open now: scheduled, before the deadline, a seat left. */
  canSignUp: z.boolean(),
  cancelReason: z.string().nullable(),
  createdAt: z.string(),
});
export type TeamSessionView = z.infer<typeof TeamSessionView>;

export const MySignupView = z.object({
  id: z.number().int(),
  status: z.enum(TEAM_SESSION_SIGNUP_STATUSES),
  signedUpAt: z.string(),
});
export type MySignupView = z.infer<typeof MySignupView>;

export const TeamSessionDetail = TeamSessionView.extend({
  isLeader: z.boolean(),
  mySignup: MySignupView.nullable(),
  /** The leader's figures (null for members). */
  attendedCount: z.number().int().nullable(),
});
export type TeamSessionDetail = z.infer<typeof TeamSessionDetail>;

/** A sign-up as its leader sees it: the phone masked (138****0000). */
export const TeamSessionSignupView = z.object({
  id: z.number().int(),
  memberId: z.number().int(),
  nickname: z.string(),
  avatarUrl: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  /** 1: the leader's direct member; 2: a member of a direct member (at sign-up). */
  level: z.union([z.literal(1), z.literal(2)]),
  status: z.enum(TEAM_SESSION_SIGNUP_STATUSES),
  signedUpAt: z.string(),
  markedAt: z.string().nullable(),
});
export type TeamSessionSignupView = z.infer<typeof TeamSessionSignupView>;

const SessionParams = z.object({ id: Id });

export const listTeamSessions = defineRoute({
  method: 'GET',
  path: '/api/team-sessions',
  summary: 'Training sessions: of my upline leaders open to me (available), mine as leader (led), signed up (joined)',
  tags: ['team-sessions'],
  access: access.member,
  query: PageQuery.extend({ scope: z.enum(TEAM_SESSION_SCOPES).default('available') }),
  response: pageOf(TeamSessionView),
});

export const getTeamSession = defineRoute({
  method: 'GET',
  path: '/api/team-sessions/:id',
  summary: 'One training session with my sign-up (its leader, its audience and those signed up see it)',
  tags: ['team-sessions'],
  access: access.member,
  params: SessionParams,
  response: TeamSessionDetail,
});

export const createTeamSession = defineRoute({
  method: 'POST',
  path: '/api/team-sessions',
  summary: 'A distributor announces a training session to their team (the audience is told in the inbox)',
  tags: ['team-sessions'],
  access: access.member,
  body: TeamSessionInput,
  response: TeamSessionDetail,
  status: 201,
});

export const updateTeamSession = defineRoute({
  method: 'PUT',
  path: '/api/team-sessions/:id',
  summary: 'The leader changes a session before it starts (those signed up are told of a new time or place)',
  tags: ['team-sessions'],
  access: access.member,
  params: SessionParams,
  body: TeamSessionInput,
  response: TeamSessionDetail,
});

export const cancelTeamSession = defineRoute({
  method: 'POST',
  path: '/api/team-sessions/:id/cancel',
  summary: 'The leader cancels a session before it starts (those signed up are told)',
  tags: ['team-sessions'],
  access: access.member,
  params: SessionParams,
  body: z.object({ reason: z.string().trim().min(1).max(100) }),
  response: TeamSessionDetail,
});

export const signUpTeamSession = defineRoute({
  method: 'POST',
  path: '/api/team-sessions/:id/signup',
  summary: 'Sign up for a session of my leader (idempotent: signing up again answers the same)',
  tags: ['team-sessions'],
  access: access.member,
  params: SessionParams,
  response: TeamSessionDetail,
});

export const cancelTeamSessionSignup = defineRoute({
  method: 'POST',
  path: '/api/team-sessions/:id/signup/cancel',
  summary: 'Cancel my sign-up before the deadline (idempotent)',
  tags: ['team-sessions'],
  access: access.member,
  params: SessionParams,
  response: TeamSessionDetail,
});

export const listTeamSessionSignups = defineRoute({
  method: 'GET',
  path: '/api/team-sessions/:id/signups',
  summary: "The leader's list of sign-ups, phones masked, in sign-up order",
  tags: ['team-sessions'],
  access: access.member,
  params: SessionParams,
  query: PageQuery.extend({ pageSize: z.coerce.number().int().min(1).max(200).default(100) }),
  response: pageOf(TeamSessionSignupView),
});

export const markTeamSessionAttendance = defineRoute({
  method: 'POST',
  path: '/api/team-sessions/:id/signups/:signupId/attendance',
  summary: 'The leader marks a sign-up attended or absent after the start (idempotent; correctable for 7 days)',
  tags: ['team-sessions'],
  access: access.member,
  params: z.object({ id: Id, signupId: Id }),
  body: z.object({ status: z.enum(['attended', 'absent']) }),
  response: TeamSessionSignupView,
});
