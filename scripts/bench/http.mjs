// Request overhead on the hot read paths, against a bare Koa hello-world measured in the same run.
//
//   node scripts/bench/http.mjs                 # 3 rounds x 10 s per target, 50 connections
//   node scripts/bench/http.mjs --quick         # 3 rounds x 3 s (a smoke run)
//   node scripts/bench/http.mjs --json out.json # also writes the rows (bench contract, scripts/bench/run-all.mjs)
//
// Each round measures every target once, one after the other (bare Koa first), so a busy moment of this
// 2-core machine falls on all of them alike; a target's figure is the median of its rounds, its ratio that
// median over bare Koa's. The api runs as production runs it when a build exists (see support/api-process.mjs),
// without in-process workers, on a fresh database seeded through the admin API. Its peak RSS (VmHWM) is read
// after the load.
import { writeFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { median, memoryOf, seedCatalog, startApi, startBareKoa } from './support/api-process.mjs';

const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
const JSON_OUT = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;
const ROUNDS = 3;
const DURATION_S = QUICK ? 3 : 10;
const CONNECTIONS = 50;
const RSS_LIMIT_MB = 300;

async function load(url, headers = {}, durationS = DURATION_S) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: durationS, headers });
  const failed = result.errors + result.timeouts + result.non2xx;
  return { rps: result.requests.average, failed, total: result.requests.total };
}

async function main() {
  const koa = await startBareKoa();
  const api = await startApi({ name: 'http' });
  try {
    const products = await seedCatalog(api, 20);
    const member = await api.loginMember('bench-http-member');
    await api.http('POST', `/api/admin/members/${member.member.id}/level`, {
      token: await api.adminToken(),
      body: { levelCode: 'gold', reason: 'bench member' },
    });
    const memberAuth = { authorization: `Bearer ${member.token}` };
    const detailId = products[0].id; // carries a gold level rule
    const targets = [
      { name: 'bare Koa hello world', url: koa.url },
      { name: 'GET /health', url: `${api.url}/health`, target: 0.5 },
      { name: 'GET /api/products (guest)', url: `${api.url}/api/products`, target: 0.3 },
      { name: 'GET /api/products (member)', url: `${api.url}/api/products`, headers: memberAuth, target: 0.15 },
      {
        name: 'GET /api/products/:id (member)',
        url: `${api.url}/api/products/${detailId}`,
        headers: memberAuth,
        target: 0.15,
      },
    ];
    for (const t of targets) await load(t.url, t.headers, 1); // warm: JIT, pools, caches
    const runs = new Map(targets.map((t) => [t.name, []]));
    for (let round = 1; round <= ROUNDS; round++) {
      for (const t of targets) {
        const r = await load(t.url, t.headers);
        if (r.failed) throw new Error(`${t.name}: ${r.failed} of ${r.total} requests failed`);
        runs.get(t.name).push(r.rps);
        process.stderr.write(`round ${round}: ${t.name.padEnd(32)} ${r.rps.toFixed(0).padStart(7)} req/s\n`);
      }
    }
    const { peakRssMb } = memoryOf(api.pid);
    const bare = median(runs.get(targets[0].name));
    const rows = targets.slice(1).map((t) => {
      const subject = median(runs.get(t.name));
      const ratio = subject / bare;
      return {
        name: `${t.name} vs bare Koa`,
        subject: Math.round(subject),
        baseline: Math.round(bare),
        unit: 'req/s',
        ratio: Number(ratio.toFixed(3)),
        target: `≥ ${t.target.toFixed(2)}`,
        holds: ratio >= t.target,
        note: `median of ${ROUNDS} interleaved rounds of ${DURATION_S} s, ${CONNECTIONS} connections; rounds ${runs
          .get(t.name)
          .map((x) => x.toFixed(0))
          .join(' / ')}`,
      };
    });
    rows.push({
      name: 'api peak RSS under that load',
      subject: Number(peakRssMb.toFixed(1)),
      baseline: RSS_LIMIT_MB,
      unit: 'MB',
      ratio: Number((peakRssMb / RSS_LIMIT_MB).toFixed(3)),
      target: `≤ ${RSS_LIMIT_MB} MB`,
      holds: peakRssMb <= RSS_LIMIT_MB,
      note: `VmHWM of the api process (${api.how}) after boot, seeding and every round`,
    });
    printTable(rows, api.how);
    if (JSON_OUT) writeFileSync(JSON_OUT, `${JSON.stringify({ bench: 'http', rows }, null, 2)}\n`);
  } finally {
    koa.stop();
    await api.stop();
  }
}

function printTable(rows, how) {
  console.log(`http: the api (${how}, test mode, no in-process workers) against bare Koa, same run`);
  console.log('| measure | subject | baseline | ratio | target | holds |');
  console.log('|---|---:|---:|---:|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.name} | ${r.subject} ${r.unit} | ${r.baseline} ${r.unit} | ${r.ratio} | ${r.target} | ${r.holds ? 'yes' : 'NO'} |`,
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
