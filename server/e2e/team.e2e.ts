import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { H5_DIR, launchChromium } from './support/browser';
import { readInviteCode } from '../../miniprogram/e2e/earnings-flow';
import { openMyTeam, readLedSession, readMyNewMembersRank } from '../../miniprogram/e2e/team-flow';
import { queuesDrained } from '../test/support/drained';
import { memberToken } from '../test/support/team';
import { startTestApp, type TestApp } from '../test/support/test-app';

let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  app = await startTestApp({ SERVE_H5_DIR: H5_DIR });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const HOUR = 3_600_000;
const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

test('a leader sees their team on two levels, a session they announced with its sign-up, and their rank', async () => {
  const page: Page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  try {
    // the leader logs in in the browser; two members join under their code, a third under one of those
    const code = await readInviteCode(page, app.url);
    const [leader] = await app.query<{ id: number }>('SELECT id FROM members WHERE invite_code = ?', [code]);
    const a = await app.loginMember('team-e2e-a', code);
    const b = await app.loginMember('team-e2e-b', code);
    const c = await app.loginMember('team-e2e-c', a.member.inviteCode);
    const appointed = await app.http('POST', `/api/admin/distribution/distributors/${leader.id}`, {
      token: await app.adminToken(),
      body: { action: 'appoint' },
    });
    expect(appointed.status).toBe(200);
    // a distributor announces a session to the direct team (API: the form's pickers have their own unit test); a signs up
    const announced = await app.http('POST', '/api/team-sessions', {
      token: memberToken(app, leader.id),
      body: {
        title: '新品培训',
        startsAt: at(48 * HOUR),
        endsAt: at(50 * HOUR),
        signupDeadline: at(24 * HOUR),
        place: '门店二楼会议室',
        audience: 'team',
      },
    });
    expect(announced.status).toBe(201);
    expect((await app.http('POST', `/api/team-sessions/${announced.body.id}/signup`, { token: a.token })).status).toBe(
      200,
    );
    await queuesDrained(app.services); // the team figures (new members by day) are drained by the team queue

    const team = await openMyTeam(page, app.url, { levelOne: 2, levelTwo: 1 });
    expect(team.direct).toBe('2');
    expect(team.indirect).toBe('1');
    expect(team.levelOne.sort()).toEqual([a.member.nickname, b.member.nickname].sort());
    expect(team.levelTwo).toEqual([c.member.nickname]);

    const session = await readLedSession(page);
    expect(session.title).toBe('新品培训');
    expect(session.signups).toHaveLength(1);
    expect(session.signups[0]).toContain(a.member.nickname);

    // three new team members this period, the only distributor on the board: first
    expect(await readMyNewMembersRank(page)).toContain('我的排名：1');
  } catch (error) {
    await page.screenshot({ path: path.join(os.tmpdir(), 'team-e2e-failure.png'), fullPage: true });
    throw error;
  }
});
