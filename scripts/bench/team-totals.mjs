// Team totals benchmark: the stored figures of the team module against a recursive CTE, at the root of a
// 1,000,000-member referral tree with power-law fan-out, in a database of its own.
//
//   node scripts/bench/team-totals.mjs                    # 1,000,000 members (a few minutes on 2 cores)
//   node scripts/bench/team-totals.mjs --members 20000    # quick run
//   DATABASE_URL=mysql://root@127.0.0.1:3306/test node scripts/bench/team-totals.mjs --keep
//
// The tree: member 1 is the root; each new member picks a referrer by preferential attachment (half the time
// in proportion to how many members a referrer already brought, half the time uniformly), which gives the
// power-law fan-out of real referral networks: a few members with thousands of direct members, most with none.
// The team_nodes table has the columns of the product's table (materialized ancestor path and stored figures),
// with the figures computed bottom-up while building, as the drain job would have left them.
import { performance } from 'node:perf_hooks';
import mysql from 'mysql2/promise';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const MEMBERS = Number(option('members', 1_000_000));
const DATABASE = option('database', 'bench_team_totals');
const KEEP = args.includes('--keep');
const BASE_URL = (process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/test').replace(/^mariadb:/, 'mysql:');
const ROWS_PER_INSERT = 5_000;

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

async function load(conn, t, n) {
  await conn.query(`CREATE TABLE team_nodes (
    member_id INT UNSIGNED NOT NULL PRIMARY KEY,
    referrer_id INT UNSIGNED NULL,
    depth INT NOT NULL,
    ancestor_path MEDIUMTEXT NOT NULL,
    direct_count INT NOT NULL,
    team_count INT NOT NULL,
    team_sales_fen BIGINT NOT NULL,
    team_order_count INT NOT NULL,
    own_sales_fen BIGINT NOT NULL,
    own_order_count INT NOT NULL
  ) ENGINE=InnoDB`);
  for (let from = 1; from <= n; from += ROWS_PER_INSERT) {
    const rows = [];
    for (let id = from; id < Math.min(from + ROWS_PER_INSERT, n + 1); id++) {
      rows.push(
        `(${id},${id === 1 ? 'NULL' : t.parent[id]},${t.depth[id]},'${t.path[id]}',${t.direct[id]},${t.teamCount[id]},` +
          `${t.teamSalesFen[id]},${t.teamOrders[id]},${t.ownSalesFen[id]},${t.ownOrders[id]})`,
      );
    }
    await conn.query(`INSERT INTO team_nodes VALUES ${rows.join(',')}`);
  }
  // indexes after the load, as a bulk load should; the CTE walks referrer_id
  await conn.query('ALTER TABLE team_nodes ADD INDEX team_nodes_referrer (referrer_id)');
  await conn.query('ANALYZE TABLE team_nodes');
}

async function timed(conn, sql, runs) {
  const times = [];
  let rows;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    [rows] = await conn.query(sql);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)], result: rows[0] };
}

async function main() {
  const server = await mysql.createConnection(BASE_URL);
  await server.query(`DROP DATABASE IF EXISTS \`${DATABASE}\``);
  await server.query(`CREATE DATABASE \`${DATABASE}\``);
  await server.end();
  const conn = await mysql.createConnection({
    uri: BASE_URL.replace(/\/[^/]*$/, `/${DATABASE}`),
    supportBigNumbers: true,
  });
  try {
    let started = performance.now();
    const tree = buildTree(MEMBERS);
    const generateS = (performance.now() - started) / 1000;
    started = performance.now();
    await load(conn, tree, MEMBERS);
    const loadS = (performance.now() - started) / 1000;
    let maxDepth = 0;
    let maxDirect = 0;
    for (let id = 1; id <= MEMBERS; id++) {
      maxDepth = Math.max(maxDepth, tree.depth[id]);
      maxDirect = Math.max(maxDirect, tree.direct[id]);
    }

    // MariaDB stops recursion at max_recursive_iterations (1,000 by default), MySQL at cte_max_recursion_depth
    for (const v of ['max_recursive_iterations', 'cte_max_recursion_depth'])
      await conn.query(`SET SESSION ${v} = 100000000`).catch(() => undefined);
    const stored = await timed(
      conn,
      'SELECT team_count AS members, team_sales_fen AS salesFen FROM team_nodes WHERE member_id = 1',
      101,
    );
    const cte = await timed(
      conn,
      `WITH RECURSIVE team (member_id) AS (
         SELECT member_id FROM team_nodes WHERE referrer_id = 1
         UNION ALL
         SELECT n.member_id FROM team_nodes n JOIN team ON n.referrer_id = team.member_id
       )
       SELECT COUNT(*) AS members, SUM(n.own_sales_fen) AS salesFen FROM team JOIN team_nodes n USING (member_id)`,
      3,
    );
    const same =
      Number(stored.result.members) === Number(cte.result.members) &&
      String(stored.result.salesFen) === String(cte.result.salesFen);
    const ratio = cte.medianMs / stored.medianMs;
    console.log(`team totals at the root of ${MEMBERS.toLocaleString('en')} members`);
    console.log(`  tree: max depth ${maxDepth}, largest direct fan-out ${maxDirect.toLocaleString('en')}`);
    console.log(`  build: generate ${generateS.toFixed(1)} s, load ${loadS.toFixed(1)} s (database ${DATABASE})`);
    console.log('');
    console.log('| read                          | median ms | team members | team sales (fen) |');
    console.log('|-------------------------------|----------:|-------------:|-----------------:|');
    const row = (name, r) =>
      console.log(
        `| ${name.padEnd(29)} | ${r.medianMs.toFixed(3).padStart(9)} | ${String(r.result.members).padStart(12)} | ${String(r.result.salesFen).padStart(16)} |`,
      );
    row('stored figures (1 row)', stored);
    row('recursive CTE over referrer', cte);
    console.log('');
    console.log(`ratio: ${ratio.toFixed(0)}x faster (target at least 100x)${same ? '' : '  RESULTS DIFFER'}`);
    if (!same) process.exitCode = 1;
  } finally {
    if (!KEEP) await conn.query(`DROP DATABASE IF EXISTS \`${DATABASE}\``);
    await conn.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
