import { queuesDrained } from './support/drained';
import { startTestApp, type TestApp } from './support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

async function waitFor<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const inbox = async (token: string) => (await app.http('GET', '/api/messages', { token })).body;
const unread = async (token: string) => (await app.http('GET', '/api/messages/unread-count', { token })).body.unread;
const notify = (token: string, body: object) => app.http('POST', '/api/team-notices', { token, body });

/** a <- b <- c <- d (d is a's third level), and e outside the team */
async function team(prefix: string) {
  const a = await app.loginMember(`${prefix}-a`);
  const b = await app.loginMember(`${prefix}-b`, a.member.inviteCode);
  const c = await app.loginMember(`${prefix}-c`, b.member.inviteCode);
  const d = await app.loginMember(`${prefix}-d`, c.member.inviteCode);
  const e = await app.loginMember(`${prefix}-e`);
  return { a, b, c, d, e };
}

test('a team notice reaches exactly the direct and second-level members, once each', async () => {
  const { a, b, c, d, e } = await team('reach');
  const sent = await notify(a.token, { title: '周末活动', body: '本周六新品试用，欢迎来店' });
  expect(sent.status).toBe(201);
  expect(sent.body.recipients).toBe(2);
  await waitFor(async () => (await unread(c.token)) === 1);
  expect(await unread(b.token)).toBe(1);
  const [message] = (await inbox(b.token)).items;
  expect(message).toMatchObject({
    kind: 'team_notice',
    title: '周末活动',
    senderName: a.member.nickname,
    isRead: false,
  });
  expect(await unread(d.token)).toBe(0);
  expect(await unread(e.token)).toBe(0);
  expect(await unread(a.token)).toBe(0);

  // the fan-out job run again (a retry) adds nothing
  await app.services.queues.notifications.add('team-notice.fan-out', { noticeId: sent.body.noticeId });
  await queuesDrained(app.services);
  const rows = await app.query('SELECT member_id FROM messages WHERE notice_id = ? ORDER BY member_id', [
    sent.body.noticeId,
  ]);
  expect(rows).toEqual([{ member_id: b.member.id }, { member_id: c.member.id }]);
});

test('a notice whose fan-out job was lost is fanned out by the sweep, once', async () => {
  const { a, b, c, d } = await team('lost');
  // stored as a committed notice whose after-commit job never reached Redis, two minutes ago
  await app.query(
    `INSERT INTO team_notices (sender_id, title, body, recipient_count, created_at, updated_at)
     VALUES (?, '补发通知', '任务丢失后由巡检补发', 2, NOW(3) - INTERVAL 2 MINUTE, NOW(3) - INTERVAL 2 MINUTE)`,
    [a.member.id],
  );
  const [{ id: noticeId }] = await app.query('SELECT MAX(id) AS id FROM team_notices WHERE sender_id = ?', [
    a.member.id,
  ]);
  const sweep = (n: number) =>
    app.services.queues.notifications.add('team-notice.fan-out-sweep', {}, { jobId: `lost-sweep-${n}` });
  await sweep(1);
  await queuesDrained(app.services);
  expect(await unread(b.token)).toBe(1);
  expect(await unread(c.token)).toBe(1);
  expect(await unread(d.token)).toBe(0);
  const [notice] = await app.query('SELECT fanned_out_at FROM team_notices WHERE id = ?', [noticeId]);
  expect(notice.fanned_out_at).not.toBeNull();
  await sweep(2); // nothing left to fan out: no second copy
  await queuesDrained(app.services);
  const rows = await app.query('SELECT member_id FROM messages WHERE notice_id = ? ORDER BY member_id', [noticeId]);
  expect(rows).toEqual([{ member_id: b.member.id }, { member_id: c.member.id }]);
});

test('a member reads and marks their own messages; another member’s message answers 404', async () => {
  const { a, b, c } = await team('read');
  await notify(a.token, { title: '通知', body: '内容' });
  await waitFor(async () => (await unread(b.token)) === 1 && (await unread(c.token)) === 1);
  const [mine] = (await inbox(b.token)).items;

  const peek = await app.http('POST', `/api/messages/${mine.id}/read`, { token: c.token });
  expect(peek.status).toBe(404);
  expect(await unread(b.token)).toBe(1); // c's attempt changed nothing
  expect((await inbox(c.token)).items.map((m: { id: number }) => m.id)).not.toContain(mine.id);

  const read = await app.http('POST', `/api/messages/${mine.id}/read`, { token: b.token });
  expect(read.body).toMatchObject({ id: mine.id, isRead: true });
  expect(await unread(b.token)).toBe(0);
  expect((await app.http('POST', '/api/messages/read-all', { token: c.token })).body).toEqual({ marked: 1 });
  expect(await unread(c.token)).toBe(0);
});

test('bad notices are 400, forbidden words 422, and write nothing; a member without a team is told so', async () => {
  const { a } = await team('bad');
  const [{ n: before }] = await app.query('SELECT COUNT(*) AS n FROM team_notices');
  for (const body of [{ title: '', body: 'x' }, { title: 'x'.repeat(21), body: 'x' }, { title: 'x' }]) {
    const res = await notify(a.token, body);
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBeDefined();
  }
  const pyramid = await notify(a.token, { title: '团队通知', body: '拉人头就能躺赚，发展下线' });
  expect(pyramid.status).toBe(422);
  expect(pyramid.body.error).toMatchObject({ code: 'COPY_FORBIDDEN_WORDS', field: 'body' });
  const loner = await app.loginMember('bad-loner');
  const res = await notify(loner.token, { title: '你好', body: '大家好' });
  expect(res.status).toBe(409);
  expect(res.body.error.code).toBe('NO_TEAM_MEMBERS');
  expect(await app.query('SELECT COUNT(*) AS n FROM team_notices')).toEqual([{ n: before }]);
});

test('notices are rate limited per member', async () => {
  const { a } = await team('limit');
  const statuses: number[] = [];
  for (let i = 0; i < 6; i++) statuses.push((await notify(a.token, { title: `第${i}条`, body: '内容' })).status);
  expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
});

test('a notice goes out as a subscribe message to recipients who granted it; a refusal is recorded and skipped', async () => {
  const { a, b, c } = await team('sub');
  const { body: templates } = await app.http('GET', '/api/messages/subscribe-templates', { token: b.token });
  const templateId = templates.teamNotice as string;
  expect(templateId).toBeTruthy();
  // b accepted in wx.requestSubscribeMessage: WeChat (the sandbox) holds the grant, and we recorded it
  await app.http('POST', '/sandbox/wechat/subscribe-grants', { body: { openid: 'sub-b', templateId } });
  const granted = await app.http('POST', '/api/messages/subscriptions', {
    token: b.token,
    body: { results: { [templateId]: 'accept' } },
  });
  expect(granted.body.granted).toEqual([{ templateId, remaining: 1 }]);
  // c's grant is recorded here, but WeChat no longer holds one (used elsewhere, revoked): 43101
  await app.http('POST', '/api/messages/subscriptions', {
    token: c.token,
    body: { results: { [templateId]: 'accept' } },
  });

  const sent = await notify(a.token, { title: '上新', body: '新品已上架' });
  const deliveries = await waitFor(async () => {
    const rows = await app.query(
      'SELECT member_id, status, errcode FROM subscribe_deliveries WHERE notice_id = ? ORDER BY member_id',
      [sent.body.noticeId],
    );
    return rows.length === 2 && rows.every((r) => r.status !== 'sending') ? rows : undefined;
  });
  expect(deliveries).toEqual([
    { member_id: b.member.id, status: 'sent', errcode: null },
    { member_id: c.member.id, status: 'refused', errcode: 43101 },
  ]);
  const grants = await app.query('SELECT member_id, remaining FROM subscribe_grants ORDER BY member_id');
  expect(grants).toEqual(
    expect.arrayContaining([
      { member_id: b.member.id, remaining: 0 },
      { member_id: c.member.id, remaining: 0 },
    ]),
  );
  const received = await app.http('GET', '/sandbox/wechat/subscribe-messages?openid=sub-b');
  expect(received.body.items).toEqual([
    expect.objectContaining({
      outcome: 'sent',
      templateId,
      data: expect.objectContaining({ thing1: { value: '上新' } }),
    }),
  ]);
  // both still got the notice in their inbox
  expect(await unread(c.token)).toBe(1);
});
