import type { TestApp } from './test-app';

/** Waits until the listeners wrote `expected` order deltas (when given) and the drain applied every delta. */
export async function waitForTeamFigures(app: TestApp, expected?: number, timeoutMs = 25_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await app.query<{ orders: number; pending: number }>(
      `SELECT SUM(kind <> 'joined') AS orders, SUM(applied_at IS NULL) AS pending FROM team_deltas`,
    );
    if ((expected === undefined || Number(row.orders) >= expected) && Number(row.pending ?? 0) === 0) return;
    if (Date.now() > deadline)
      throw new Error(`team figures not settled: ${row.orders}/${expected} order deltas, ${row.pending} pending`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function teamFigures(app: TestApp, memberId: number) {
  const res = await app.http('GET', `/api/admin/members/${memberId}/team`, { token: await app.adminToken() });
  if (res.status !== 200) throw new Error(`team figures failed: ${res.status} ${res.text}`);
  return res.body;
}
