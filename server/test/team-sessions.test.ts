import { queuesDrained } from './support/drained';
import { startTestApp, type TestApp } from './support/test-app';
import { createTreeMembers, memberToken } from './support/team';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

type Member = { token: string; member: { id: number; inviteCode: string; nickname: string } };

const HOUR = 3_600_000;
const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
const sessionBody = (over: Record<string, unknown> = {}) => ({
  title: '新品培训',
  description: '讲解新品卖点与售后政策',
  startsAt: at(48 * HOUR),
  endsAt: at(50 * HOUR),
  signupDeadline: at(24 * HOUR),
  place: '门店二楼会议室',
  audience: 'team',
  ...over,
});

const appoint = async (memberId: number) => {
  const res = await app.http('POST', `/api/admin/distribution/distributors/${memberId}`, {
    token: await app.adminToken(),
    body: { action: 'appoint' },
  });
  expect(res.status).toBe(200);
};
const create = (token: string, body: object = sessionBody()) => app.http('POST', '/api/team-sessions', { token, body });
const signUp = (token: string, id: number) => app.http('POST', `/api/team-sessions/${id}/signup`, { token });
const detail = (token: string, id: number) => app.http('GET', `/api/team-sessions/${id}`, { token });
const inboxTitles = async (token: string) =>
  (await app.http('GET', '/api/messages', { token })).body.items.map((m: { title: string }) => m.title);

/** Moves a session in time (the test builds the clock it needs): started `startedAgoMs` ago, ending after. */
async function startedAgo(sessionId: number, startedAgoMs: number, lastsMs = 2 * HOUR) {
  const start = new Date(Date.now() - startedAgoMs);
  await app.query('UPDATE team_sessions SET signup_deadline = ?, starts_at = ?, ends_at = ? WHERE id = ?', [
    new Date(start.getTime() - HOUR),
    start,
    new Date(start.getTime() + lastsMs),
    sessionId,
  ]);
}

/** leader <- b <- c <- d (d is the leader's third level); e outside the team. The leader is a distributor. */
async function team(prefix: string) {
  const leader: Member = await app.loginMember(`${prefix}-leader`);
  const b: Member = await app.loginMember(`${prefix}-b`, leader.member.inviteCode);
  const c: Member = await app.loginMember(`${prefix}-c`, b.member.inviteCode);
  const d: Member = await app.loginMember(`${prefix}-d`, c.member.inviteCode);
  const e: Member = await app.loginMember(`${prefix}-e`);
  await appoint(leader.member.id);
  return { leader, b, c, d, e };
}

test('a distributor announces a session to their team; the audience is told; a non-distributor is refused', async () => {
  const { leader, b, c, d, e } = await team('announce');
  const created = await create(leader.token);
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({
    leaderId: leader.member.id,
    status: 'scheduled',
    audience: 'team',
    signedUpCount: 0,
    canSignUp: true,
    isLeader: true,
    mySignup: null,
  });
  await queuesDrained(app.services);
  expect(await inboxTitles(b.token)).toEqual(['团队培训：新品培训']);
  expect(await inboxTitles(c.token)).toEqual(['团队培训：新品培训']);
  expect(await inboxTitles(d.token)).toEqual([]); // third level: outside the law's two levels
  expect(await inboxTitles(e.token)).toEqual([]);

  // b is in the team but not a distributor: 403 with a code, nothing written
  const [{ n: before }] = await app.query('SELECT COUNT(*) AS n FROM team_sessions');
  const refused = await create(b.token);
  expect(refused.status).toBe(403);
  expect(refused.body.error.code).toBe('TEAM_SESSION_LEADER_ONLY');
  // a distributor without anyone below: 409
  await appoint(d.member.id);
  expect((await create(d.token)).body.error.code).toBe('NO_TEAM_MEMBERS');
  // bad input: 400 with the field
  const bad = await create(leader.token, sessionBody({ endsAt: at(47 * HOUR) }));
  expect(bad.status).toBe(400);
  expect(bad.body.error.field).toBe('endsAt');
  const noPlace = await create(leader.token, sessionBody({ place: null }));
  expect(noPlace.status).toBe(400);
  const past = await create(leader.token, sessionBody({ startsAt: at(-HOUR), signupDeadline: at(-2 * HOUR) }));
  expect(past.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'startsAt' });
  const [{ n: after }] = await app.query('SELECT COUNT(*) AS n FROM team_sessions');
  expect(after).toBe(before);

  // visibility: the audience lists and reads it; a stranger gets 404
  const listed = await app.http('GET', '/api/team-sessions?scope=available', { token: c.token });
  expect(listed.body.items.map((s: { id: number }) => s.id)).toEqual([created.body.id]);
  expect((await app.http('GET', '/api/team-sessions?scope=led', { token: leader.token })).body.total).toBe(1);
  expect((await detail(e.token, created.body.id)).status).toBe(404);
  expect((await detail(d.token, created.body.id)).status).toBe(404);
});

test('a direct-only session: the second level neither sees it nor signs up; outsiders get 404', async () => {
  const { leader, b, c, e } = await team('direct');
  const { body: session } = await create(leader.token, sessionBody({ audience: 'direct' }));
  expect((await app.http('GET', '/api/team-sessions', { token: c.token })).body.items).toEqual([]);
  const second = await signUp(c.token, session.id);
  expect(second.status).toBe(404);
  expect(second.body.error.code).toBe('NOT_FOUND');
  expect((await signUp(e.token, session.id)).status).toBe(404);
  const own = await signUp(leader.token, session.id);
  expect(own.status).toBe(403);
  expect(own.body.error.code).toBe('TEAM_SESSION_NOT_IN_AUDIENCE');
  expect((await signUp(b.token, session.id)).body).toMatchObject({
    signedUpCount: 1,
    mySignup: { status: 'signed_up' },
  });
});

test('30 members racing for 10 seats: exactly 10 sign up; a repeated sign-up answers the same', async () => {
  const leader = await app.loginMember('race-leader');
  await appoint(leader.member.id);
  const ids = await createTreeMembers(app, 30, () => leader.member.id);
  const tokens = ids.map((id) => memberToken(app, id));
  const { body: session } = await create(leader.token, sessionBody({ capacity: 10, audience: 'direct' }));

  const results = await Promise.all(tokens.map((token) => signUp(token, session.id)));
  const ok = results.filter((r) => r.status === 200);
  expect(ok).toHaveLength(10);
  const refused = results.filter((r) => r.status !== 200);
  expect(new Set(refused.map((r) => `${r.status} ${r.body.error.code}`))).toEqual(new Set(['409 TEAM_SESSION_FULL']));
  const [row] = await app.query('SELECT signed_up_count AS n FROM team_sessions WHERE id = ?', [session.id]);
  expect(row.n).toBe(10);
  const [{ n }] = await app.query('SELECT COUNT(*) AS n FROM team_session_signups WHERE session_id = ?', [session.id]);
  expect(n).toBe(10);

  // idempotent: the same member again (twice at once) gets the same answer and no second seat
  const winner = tokens[results.indexOf(ok[0]!)]!;
  const again = await Promise.all([signUp(winner, session.id), signUp(winner, session.id)]);
  for (const res of again) {
    expect(res.status).toBe(200);
    expect(res.body.mySignup).toEqual(ok[0]!.body.mySignup);
    expect(res.body.signedUpCount).toBe(10);
  }
  expect((await detail(leader.token, session.id)).body).toMatchObject({ signedUpCount: 10, canSignUp: false });

  // a seat given back is free again: one of the refused takes it
  expect((await app.http('POST', `/api/team-sessions/${session.id}/signup/cancel`, { token: winner })).status).toBe(
    200,
  );
  const loser = tokens[results.indexOf(refused[0]!)]!;
  expect((await signUp(loser, session.id)).body.signedUpCount).toBe(10);
});

test('a member cancels before the deadline (idempotent), signs up again; after the deadline both are closed', async () => {
  const { leader, b, c } = await team('cancel');
  const { body: session } = await create(leader.token);
  await signUp(b.token, session.id);
  const cancelOnce = await app.http('POST', `/api/team-sessions/${session.id}/signup/cancel`, { token: b.token });
  expect(cancelOnce.body).toMatchObject({ signedUpCount: 0, mySignup: { status: 'cancelled' } });
  const cancelTwice = await app.http('POST', `/api/team-sessions/${session.id}/signup/cancel`, { token: b.token });
  expect(cancelTwice.body).toEqual(cancelOnce.body);
  expect((await signUp(b.token, session.id)).body).toMatchObject({
    signedUpCount: 1,
    mySignup: { status: 'signed_up' },
  });
  const notMine = await app.http('POST', `/api/team-sessions/${session.id}/signup/cancel`, { token: c.token });
  expect(notMine.body.error.code).toBe('TEAM_SESSION_NOT_SIGNED_UP');

  await app.query('UPDATE team_sessions SET signup_deadline = ? WHERE id = ?', [
    new Date(Date.now() - 1000),
    session.id,
  ]);
  const late = await app.http('POST', `/api/team-sessions/${session.id}/signup/cancel`, { token: b.token });
  expect(late.status).toBe(409);
  expect(late.body.error.code).toBe('TEAM_SESSION_SIGNUP_CLOSED');
  expect((await signUp(c.token, session.id)).body.error.code).toBe('TEAM_SESSION_SIGNUP_CLOSED');
});

test('attendance: only the leader, only after the start, idempotent; a cancelled sign-up cannot be marked', async () => {
  const { leader, b, c } = await team('attend');
  const { body: session } = await create(leader.token);
  await signUp(b.token, session.id);
  await signUp(c.token, session.id);
  const { body: list } = await app.http('GET', `/api/team-sessions/${session.id}/signups`, { token: leader.token });
  expect(list.items.map((s: { memberId: number; level: number }) => [s.memberId, s.level])).toEqual([
    [b.member.id, 1],
    [c.member.id, 2],
  ]);
  const [bSignup, cSignup] = list.items as { id: number }[];
  const mark = (token: string, signupId: number, status: string) =>
    app.http('POST', `/api/team-sessions/${session.id}/signups/${signupId}/attendance`, { token, body: { status } });

  const early = await mark(leader.token, bSignup!.id, 'attended');
  expect(early.status).toBe(409);
  expect(early.body.error.code).toBe('TEAM_SESSION_NOT_STARTED');

  await startedAgo(session.id, 30 * 60_000);
  const moneyAndPointsRows = async () =>
    Number((await app.query('SELECT COUNT(*) AS n FROM points_ledger'))[0].n) +
    Number((await app.query('SELECT COUNT(*) AS n FROM ledger_entries'))[0].n);
  await queuesDrained(app.services); // the joins' own rewards settle first
  const rowsBefore = await moneyAndPointsRows();
  const byMember = await mark(b.token, bSignup!.id, 'attended');
  expect(byMember.status).toBe(403);
  expect(byMember.body.error.code).toBe('TEAM_SESSION_LEADER_ONLY');
  expect((await app.http('GET', `/api/team-sessions/${session.id}/signups`, { token: c.token })).status).toBe(403);

  const first = await mark(leader.token, bSignup!.id, 'attended');
  expect(first.body).toMatchObject({ status: 'attended', memberId: b.member.id });
  const again = await mark(leader.token, bSignup!.id, 'attended');
  expect(again.body).toEqual(first.body);
  expect((await mark(leader.token, cSignup!.id, 'absent')).body.status).toBe('absent');
  expect((await mark(leader.token, cSignup!.id, 'attended')).body.status).toBe('attended'); // a correction
  expect((await detail(leader.token, session.id)).body.attendedCount).toBe(2);

  // a marked sign-up cannot be cancelled by its member: an illegal transition, refused
  const cancelMarked = await app.http('POST', `/api/team-sessions/${session.id}/signup/cancel`, { token: b.token });
  expect(cancelMarked.status).toBe(409);

  // the session ends: readers see it finished at once, the sweep writes it, marking stays open for a week
  await startedAgo(session.id, 3 * HOUR);
  expect((await detail(b.token, session.id)).body.status).toBe('finished');
  await app.services.queues.team.add('team-sessions.finish', {});
  await queuesDrained(app.services);
  const [row] = await app.query('SELECT status FROM team_sessions WHERE id = ?', [session.id]);
  expect(row.status).toBe('finished');
  expect((await mark(leader.token, bSignup!.id, 'absent')).body.status).toBe('absent');
  await startedAgo(session.id, 8 * 24 * HOUR);
  expect((await mark(leader.token, bSignup!.id, 'attended')).body.error.code).toBe('TEAM_SESSION_ATTENDANCE_CLOSED');
  // attendance is a record only: no points (nor money) moved while it was marked
  expect(await moneyAndPointsRows()).toBe(rowsBefore);
});

test('a cancelled sign-up cannot be marked; a finished session cannot be cancelled (illegal transitions)', async () => {
  const { leader, b } = await team('illegal');
  const { body: session } = await create(leader.token);
  await signUp(b.token, session.id);
  await app.http('POST', `/api/team-sessions/${session.id}/signup/cancel`, { token: b.token });
  const { body: list } = await app.http('GET', `/api/team-sessions/${session.id}/signups`, { token: leader.token });
  await startedAgo(session.id, 3 * HOUR);
  const marked = await app.http('POST', `/api/team-sessions/${session.id}/signups/${list.items[0].id}/attendance`, {
    token: leader.token,
    body: { status: 'attended' },
  });
  expect(marked.status).toBe(409);
  expect(marked.body.error.code).toBe('ILLEGAL_TRANSITION');

  const adminCancel = await app.http('POST', `/api/admin/team-sessions/${session.id}/cancel`, {
    token: await app.adminToken(),
    body: { reason: '内容违规' },
  });
  expect(adminCancel.status).toBe(409);
  expect(adminCancel.body.error.code).toBe('ILLEGAL_TRANSITION');
  const leaderCancel = await app.http('POST', `/api/team-sessions/${session.id}/cancel`, {
    token: leader.token,
    body: { reason: '临时有事' },
  });
  expect(leaderCancel.body.error.code).toBe('TEAM_SESSION_STARTED');
});

test('the leader edits before the start and cancels; those signed up are told, others not', async () => {
  const { leader, b, c } = await team('edit');
  const { body: session } = await create(leader.token, sessionBody({ capacity: 5 }));
  await signUp(b.token, session.id);
  const put = (body: object) => app.http('PUT', `/api/team-sessions/${session.id}`, { token: leader.token, body });

  expect((await put(sessionBody({ capacity: 5, audience: 'direct' }))).body.error.code).toBe(
    'TEAM_SESSION_AUDIENCE_LOCKED',
  );
  const moved = await put(sessionBody({ capacity: 8, place: '门店一楼' }));
  expect(moved.body).toMatchObject({ capacity: 8, place: '门店一楼' });
  const byOther = await app.http('PUT', `/api/team-sessions/${session.id}`, { token: b.token, body: sessionBody() });
  expect(byOther.body.error.code).toBe('TEAM_SESSION_LEADER_ONLY');

  const cancelled = await app.http('POST', `/api/team-sessions/${session.id}/cancel`, {
    token: leader.token,
    body: { reason: '讲师临时有事' },
  });
  expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: '讲师临时有事', canSignUp: false });
  const twice = await app.http('POST', `/api/team-sessions/${session.id}/cancel`, {
    token: leader.token,
    body: { reason: '讲师临时有事' },
  });
  expect(twice.body).toEqual(cancelled.body);
  await queuesDrained(app.services);
  expect(await inboxTitles(b.token)).toEqual(['培训取消：新品培训', '培训变更：新品培训', '团队培训：新品培训']);
  expect(await inboxTitles(c.token)).toEqual(['团队培训：新品培训']);
  expect((await put(sessionBody())).body.error.code).toBe('TEAM_SESSION_CLOSED');
  expect((await signUp(c.token, session.id)).body.error.code).toBe('TEAM_SESSION_SIGNUP_CLOSED');
});

test('admin lists sessions with counts and cancels one: audited with the reason, those signed up told', async () => {
  const { leader, b, c } = await team('admin');
  const { body: session } = await create(leader.token);
  await signUp(b.token, session.id);
  await signUp(c.token, session.id);
  const admin = await app.adminToken();

  const listed = await app.http('GET', `/api/admin/team-sessions?leaderId=${leader.member.id}`, { token: admin });
  expect(listed.body.items).toEqual([
    expect.objectContaining({ id: session.id, signedUpCount: 2, attendedCount: 0, status: 'scheduled' }),
  ]);
  expect(
    (await app.http('POST', `/api/admin/team-sessions/${session.id}/cancel`, { token: admin, body: {} })).status,
  ).toBe(400);
  const cancelled = await app.http('POST', `/api/admin/team-sessions/${session.id}/cancel`, {
    token: admin,
    body: { reason: '宣传用语违规' },
  });
  expect(cancelled.body).toMatchObject({
    status: 'cancelled',
    cancelReason: '宣传用语违规',
    cancelledBy: 'admin:admin',
  });
  const again = await app.http('POST', `/api/admin/team-sessions/${session.id}/cancel`, {
    token: admin,
    body: { reason: '宣传用语违规' },
  });
  expect(again.status).toBe(200);
  const audits = await app.query(
    "SELECT after_json FROM admin_audit_logs WHERE action = 'team_session.cancel' AND target_id = ?",
    [String(session.id)],
  );
  expect(audits).toHaveLength(2); // the repeat changed nothing, and is on record as such
  expect(JSON.parse(audits[0].after_json)).toMatchObject({ status: 'cancelled', _reason: '宣传用语违规' });
  const [{ n: notices }] = await app.query(
    "SELECT COUNT(*) AS n FROM team_notices WHERE sender_id = ? AND title LIKE '培训取消%'",
    [leader.member.id],
  );
  expect(notices).toBe(1); // told once
  await queuesDrained(app.services);
  expect((await inboxTitles(b.token))[0]).toBe('培训取消：新品培训');
  expect((await inboxTitles(c.token))[0]).toBe('培训取消：新品培训');
  expect((await detail(b.token, session.id)).body).toMatchObject({ status: 'cancelled', canSignUp: false });

  const byStatus = (status: string) =>
    app.http('GET', `/api/admin/team-sessions?leaderId=${leader.member.id}&status=${status}`, { token: admin });
  expect((await byStatus('cancelled')).body.total).toBe(1);
  expect((await byStatus('scheduled')).body.total).toBe(0);

  const member = await app.http('GET', '/api/admin/team-sessions', { token: b.token });
  expect(member.status).toBe(401);
});

test('a leader announcing 14 sessions at once holds at most 10 open: the others get 409 TEAM_SESSION_TOO_MANY', async () => {
  const { leader } = await team('cap-race');
  const answers = await Promise.all(
    Array.from({ length: 14 }, (_, i) => create(leader.token, sessionBody({ title: `并发培训 ${i + 1}` }))),
  );
  const statuses = answers.map((a) => a.status).sort();
  expect(statuses.filter((s) => s === 201)).toHaveLength(10);
  expect(statuses.filter((s) => s === 409)).toHaveLength(4);
  for (const a of answers.filter((x) => x.status === 409)) expect(a.body.error.code).toBe('TEAM_SESSION_TOO_MANY');
  const [{ n }] = await app.query<{ n: number }>(
    "SELECT COUNT(*) AS n FROM team_sessions WHERE leader_id = ? AND status = 'scheduled'",
    [leader.member.id],
  );
  expect(Number(n)).toBe(10);
});
