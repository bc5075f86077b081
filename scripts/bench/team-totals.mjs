// Team totals benchmark: the product's own read path, GET /api/team/figures through the api, at the root of a
// large referral tree whose stored figures the drain job itself produced, against a recursive CTE that walks the
// subtree on the same rows; and the drain's cost per order event.
//
//   node scripts/bench/team-totals.mjs                    # 50,000 members (several minutes on 2 cores)
//   node scripts/bench/team-totals.mjs --members 20000    # another size; --quick is 5,000 members
//   node scripts/bench/team-totals.mjs --json out.json    # bench contract rows (scripts/bench/run-all.mjs)
//
// The tree: the root is a member logged in through the api; each new member picks a referrer by preferential
// attachment (half the time in proportion to how many members a referrer already brought, half the time
// uniformly), which gives the power-law fan-out of real referral networks. Its team_nodes rows (path and depth,
// figures zero) and the facts (a `joined` delta per member, a `paid` delta per order) are written in bulk, as
// registration and the order listener write them one by one; then the api's own drain job (Bull queue `team`,
// processed in the api process here) turns them into the stored figures. The per-order cost is timed on a
// second batch of paid orders spread over the tree, drained alone.
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import Bull from 'bull';
import mysql from 'mysql2/promise';
import { startApi } from './support/api-process.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const QUICK = args.includes('--quick');
const MEMBERS = Number(option('members', QUICK ? 5_000 : 50_000));
const DATABASE = option('database', undefined);
const JSON_OUT = option('json', undefined);
const TIMED_ORDERS = Number(option('orders', QUICK ? 500 : 2_000));
const ROWS_PER_INSERT = 5_000;
const READ_TARGET = 100; // the stored figures answer at least 100x faster than walking the subtree
const DRAIN_BUDGET_MS = 1; // a drain that keeps up with 1,000 paid orders a second on one core

function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function buildTree(n) {
  const random = seededRandom(1_000_003);
  const parent = new Int32Array(n + 1);
  const ends = new Int32Array(2 * n); // every referral edge's referrer, for degree-proportional picks
  let endCount = 0;
  for (let id = 2; id <= n; id++) {
    const p =
      endCount > 0 && random() < 0.5 ? ends[Math.floor(random() * endCount)] : 1 + Math.floor(random() * (id - 1));
    parent[id] = p;
    ends[endCount++] = p;
  }
  const ownSalesFen = new Float64Array(n + 1);
  const ownOrders = new Int32Array(n + 1);
  for (let id = 1; id <= n; id++) {
    if (random() < 0.4) {
      ownOrders[id] = 1 + Math.floor(random() * 5);
      ownSalesFen[id] = ownOrders[id] * (100 + Math.floor(random() * 50_000));
    }
  }
  // referrers have smaller ids than their members: one pass from the bottom sums every team
  const direct = new Int32Array(n + 1);
  const teamCount = new Int32Array(n + 1);
  const teamSalesFen = new Float64Array(n + 1);
  const teamOrders = new Int32Array(n + 1);
  for (let id = n; id >= 2; id--) {
    const p = parent[id];
    direct[p]++;
    teamCount[p] += teamCount[id] + 1;
    teamSalesFen[p] += teamSalesFen[id] + ownSalesFen[id];
    teamOrders[p] += teamOrders[id] + ownOrders[id];
  }
  const depth = new Int32Array(n + 1);
  const path = new Array(n + 1);
  path[1] = '/';
  for (let id = 2; id <= n; id++) {
    depth[id] = depth[parent[id]] + 1;
    path[id] = `${path[parent[id]]}${parent[id]}/`;
  }
  return { parent, ownSalesFen, ownOrders, direct, teamCount, teamSalesFen, teamOrders, depth, path };
}

const CHINA_OFFSET_MS = 8 * 3_600_000;
const dayKey = (at) => new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10); // team-time.ts

/** team_nodes rows under the root (synthetic member i is member `idOf(i)`; 1 is the root) and their facts. */
async function load(conn, t, n, idOf, rootAncestorPath) {
  const now = new Date();
  const at = now.toISOString().slice(0, 23).replace('T', ' ');
  const day = dayKey(now);
  const rootDepth = rootAncestorPath.split('/').filter(Boolean).length;
  // '/1/5/' (synthetic ids, 1 the root) under the root's own path, in real member ids
  const pathOf = (i) =>
    `${rootAncestorPath}${t.path[i]
      .split('/')
      .filter(Boolean)
      .map((x) => idOf(Number(x)))
      .join('/')}/`;
  for (let from = 2; from <= n; from += ROWS_PER_INSERT) {
    const nodes = [];
    const deltas = [];
    for (let i = from; i < Math.min(from + ROWS_PER_INSERT, n + 1); i++) {
      const id = idOf(i);
      nodes.push(`(${id},${idOf(t.parent[i])},${rootDepth + t.depth[i]},'${pathOf(i)}','${at}','${at}')`);
      deltas.push(`('joined',${id},${id},1,0,0,NULL,'${at}','${at}')`);
      if (t.ownOrders[i])
        deltas.push(`('paid',${id},${id},0,${t.ownSalesFen[i]},${t.ownOrders[i]},'${day}','${at}','${at}')`);
    }
    await conn.query(
      `INSERT INTO team_nodes (member_id, referrer_id, depth, ancestor_path, created_at, updated_at) VALUES ${nodes.join(',')}`,
    );
    await conn.query(
      `INSERT INTO team_deltas (kind, source_id, member_id, members_delta, sales_fen, orders_delta, day, occurred_at, created_at) VALUES ${deltas.join(',')}`,
    );
  }
}

/** Starts the api's drain job and waits until no delta is pending; the time it took. */
async function drain(conn, queue) {
  const started = performance.now();
  await queue.add('drain-deltas', {}, { jobId: `bench-drain:${Date.now()}` });
  for (;;) {
    const [[{ pending }]] = await conn.query('SELECT COUNT(*) AS pending FROM team_deltas WHERE applied_at IS NULL');
    if (Number(pending) === 0) return performance.now() - started;
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function timedQuery(conn, sql, runs) {
  const times = [];
  let rows;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    [rows] = await conn.query(sql);
    times.push(performance.now() - started);
  }
  return { ms: median(times), result: rows[0] };
}

async function timedRead(api, token, runs) {
  const times = [];
  let body;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    body = await api.http('GET', '/api/team/figures', { token });
    times.push(performance.now() - started);
  }
  return { ms: median(times), body };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const api = await startApi({ name: 'team', databaseName: DATABASE, env: { RUN_WORKER_IN_PROCESS: 'true' } });
  const conn = await mysql.createConnection({ uri: api.databaseUrl, supportBigNumbers: true });
  const queue = new Bull('team', api.redisUrl, { prefix: `${api.redisPrefix}:bull` });
  try {
    const { token, member } = await api.loginMember('team-bench-root');
    const [[root]] = await conn.query('SELECT member_id, ancestor_path FROM team_nodes WHERE member_id = ?', [
      member.id,
    ]);
    if (!root) throw new Error('the root member has no team node');
    const offset = member.id + 1_000;
    const idOf = (i) => (i === 1 ? member.id : offset + i);

    let started = performance.now();
    const tree = buildTree(MEMBERS);
    const generateS = (performance.now() - started) / 1000;
    started = performance.now();
    await load(conn, tree, MEMBERS, idOf, root.ancestor_path);
    const loadS = (performance.now() - started) / 1000;
    const buildDrainS = (await drain(conn, queue)) / 1000;
    let maxDepth = 0;
    let maxDirect = 0;
    for (let id = 1; id <= MEMBERS; id++) {
      maxDepth = Math.max(maxDepth, tree.depth[id]);
      maxDirect = Math.max(maxDirect, tree.direct[id]);
    }

    // the cost per order event: paid orders spread over the tree, drained alone
    const random = seededRandom(7);
    const at = new Date().toISOString().slice(0, 23).replace('T', ' ');
    const orders = [];
    for (let k = 0; k < TIMED_ORDERS; k++) {
      const buyer = idOf(2 + Math.floor(random() * (MEMBERS - 1)));
      orders.push(
        `('paid',${1_000_000_000 + k},${buyer},0,${100 + Math.floor(random() * 50_000)},1,'${dayKey(new Date())}','${at}','${at}')`,
      );
    }
    for (let i = 0; i < orders.length; i += ROWS_PER_INSERT) {
      await conn.query(
        `INSERT INTO team_deltas (kind, source_id, member_id, members_delta, sales_fen, orders_delta, day, occurred_at, created_at) VALUES ${orders.slice(i, i + ROWS_PER_INSERT).join(',')}`,
      );
    }
    const orderDrainMs = await drain(conn, queue);
    const perOrderMs = orderDrainMs / TIMED_ORDERS;

    // MariaDB stops recursion at max_recursive_iterations (1,000 by default), MySQL at cte_max_recursion_depth
    for (const v of ['max_recursive_iterations', 'cte_max_recursion_depth'])
      await conn.query(`SET SESSION ${v} = 100000000`).catch(() => undefined);
    const cteSql = `WITH RECURSIVE team (member_id) AS (
         SELECT member_id FROM team_nodes WHERE referrer_id = ${member.id}
         UNION ALL
         SELECT n.member_id FROM team_nodes n JOIN team ON n.referrer_id = team.member_id
       )
       SELECT COUNT(*) AS members, SUM(n.own_sales_fen) AS salesFen FROM team JOIN team_nodes n USING (member_id)`;
    await timedRead(api, token, 20); // warm
    const reads = [];
    const ctes = [];
    let stored;
    let cte;
    for (let round = 0; round < 3; round++) {
      stored = await timedRead(api, token, 51);
      reads.push(stored.ms);
      cte = await timedQuery(conn, cteSql, 1);
      ctes.push(cte.ms);
    }
    const readMs = median(reads);
    const cteMs = median(ctes);
    const same =
      Number(stored.body.teamCount) === Number(cte.result.members) &&
      String(stored.body.teamSalesFen) === String(cte.result.salesFen);
    const ratio = cteMs / readMs;
    console.log(`team totals at the root of ${MEMBERS.toLocaleString('en')} members (api: ${api.how})`);
    console.log('  stored figures: GET /api/team/figures through the api, as the root member');
    console.log(`  tree: max depth ${maxDepth}, largest direct fan-out ${maxDirect.toLocaleString('en')}`);
    console.log(
      `  build: generate ${generateS.toFixed(1)} s, load ${loadS.toFixed(1)} s, drain job ${buildDrainS.toFixed(1)} s`,
    );
    console.log('');
    console.log('| read                                   | median ms | team members | team sales (fen) |');
    console.log('|----------------------------------------|----------:|-------------:|-----------------:|');
    console.log(
      `| ${'stored figures (1 row)'.padEnd(38)} | ${readMs.toFixed(3).padStart(9)} | ${String(stored.body.teamCount).padStart(12)} | ${String(stored.body.teamSalesFen).padStart(16)} |`,
    );
    console.log(
      `| ${'recursive CTE over referrer'.padEnd(38)} | ${cteMs.toFixed(3).padStart(9)} | ${String(cte.result.members).padStart(12)} | ${String(cte.result.salesFen).padStart(16)} |`,
    );
    console.log('');
    console.log(
      `ratio: ${ratio.toFixed(0)}x faster (target at least ${READ_TARGET}x)${same ? '' : '  RESULTS DIFFER'}`,
    );
    console.log(
      `drain: ${perOrderMs.toFixed(3)} ms per order event (${TIMED_ORDERS.toLocaleString('en')} paid orders drained in ${(orderDrainMs / 1000).toFixed(2)} s)`,
    );
    if (!same) process.exitCode = 1;
    if (JSON_OUT) {
      const rows = [
        {
          name: 'GET /api/team/figures (root) vs recursive CTE',
          subject: Number(readMs.toFixed(3)),
          baseline: Number(cteMs.toFixed(3)),
          unit: 'ms',
          ratio: Number(ratio.toFixed(1)),
          target: `≥ ${READ_TARGET}x faster`,
          holds: same && ratio >= READ_TARGET,
          note: `${MEMBERS} members, figures from the drain job; median of 3 rounds (51 reads / 1 CTE each)${same ? '' : '; RESULTS DIFFER'}`,
        },
        {
          name: 'team drain per order event',
          subject: Number(perOrderMs.toFixed(3)),
          baseline: DRAIN_BUDGET_MS,
          unit: 'ms',
          ratio: Number((perOrderMs / DRAIN_BUDGET_MS).toFixed(3)),
          target: `≤ ${DRAIN_BUDGET_MS} ms (budget of this bench)`,
          holds: perOrderMs <= DRAIN_BUDGET_MS,
          note: `${TIMED_ORDERS} paid orders over the tree, drained by the api's drain job`,
        },
      ];
      writeFileSync(JSON_OUT, `${JSON.stringify({ bench: 'team-totals', rows }, null, 2)}\n`);
    }
  } finally {
    await queue.close();
    await conn.end();
    await api.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
