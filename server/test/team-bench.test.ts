import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

// The benchmark itself is run by `npm run bench`, see README "Referral network"; this only proves it runs.
jest.setTimeout(180_000); // it boots the api as its own process and lets the drain job build the figures
test('the team-totals benchmark runs in its small mode and the stored total equals the recursive CTE', async () => {
  const script = path.join(__dirname, '../../scripts/bench/team-totals.mjs');
  const database = `bench_team_smoke_${process.pid}`;
  const { stdout } = await promisify(execFile)('node', [script, '--members', '3000', '--database', database], {
    env: process.env,
  });
  expect(stdout).toMatch(/stored figures \(1 row\)/);
  expect(stdout).toMatch(/ratio: \d+x faster/);
  expect(stdout).not.toMatch(/RESULTS DIFFER/);
});
