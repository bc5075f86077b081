import { getMember } from '../src/modules/members';
import { bindReferrerByCode, drainTeamDeltas } from '../src/modules/team';
import { startTestApp, type TestApp } from './support/test-app';
import { createTreeMembers, memberToken, teamFigures } from './support/team';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

// MariaDB stops recursive CTEs at 1,000 iterations by default: nothing here may depend on one
test('a 5,000-deep chain binds and reports its team figures', async () => {
  const chain = await createTreeMembers(app, 5_000, (i, ids) => (i === 0 ? null : ids[i - 1]));
  await drainTeamDeltas(app.services);
  const [root, middle, deepest] = [chain[0], chain[2_500], chain[4_999]];
  expect(await teamFigures(app, root)).toMatchObject({ directCount: 1, indirectCount: 4_998, teamCount: 4_999 });
  expect(await teamFigures(app, middle)).toMatchObject({ depth: 2_500, directCount: 1, teamCount: 2_499 });
  expect(await teamFigures(app, deepest)).toMatchObject({ depth: 4_999, teamCount: 0 });

  // a member who joined without a code binds at the bottom through the member route
  const [late] = await createTreeMembers(app, 1, () => null);
  const deepestCode = (await getMember(deepest)).inviteCode;
  const bound = await app.http('POST', '/api/team/referrer', {
    token: memberToken(app, late),
    body: { inviterCode: deepestCode },
  });
  expect(bound.body).toEqual({ referrerId: deepest, changed: true });
  await drainTeamDeltas(app.services);
  const mine = await app.http('GET', '/api/team/figures', { token: memberToken(app, root) });
  expect(mine.body).toMatchObject({ directCount: 1, teamCount: 5_000 });
  expect((await teamFigures(app, late)).depth).toBe(5_000);

  // the top of the chain binding to its bottom would close a 5,001-member loop
  const lateCode = (await getMember(late)).inviteCode;
  await expect(bindReferrerByCode(app.services, root, lateCode)).rejects.toMatchObject({ code: 'REFERRAL_LOOP' });
}, 180_000);
