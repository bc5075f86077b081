// npm run bench: every bench under scripts/bench/ (but this one), one after the other, each writing its rows
// with --json; one combined table, written to bench-results/latest.json and bench-results/latest.md.
//
//   npm run bench                 # full runs (several minutes each on 2 cores)
//   npm run bench -- --quick      # passed on to every bench: short rounds, small data (a smoke run)
//   npm run bench -- http boot    # only the benches named
//
// One at a time on purpose: two benches running together would measure each other.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const OUT_DIR = path.join(ROOT, 'bench-results');
const args = process.argv.slice(2);
const passOn = args.filter((a) => a.startsWith('--'));
const only = args.filter((a) => !a.startsWith('--'));

const benches = readdirSync(HERE)
  .filter((f) => f.endsWith('.mjs') && f !== path.basename(fileURLToPath(import.meta.url)))
  .map((f) => f.replace(/\.mjs$/, ''))
  .filter((name) => !only.length || only.includes(name))
  .sort();

function run(name, jsonFile) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [path.join(HERE, `${name}.mjs`), ...passOn, '--json', jsonFile], {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('exit', (code, signal) => resolve({ code: code ?? signal, seconds: (Date.now() - started) / 1000 }));
  });
}

const fmt = (n) => (typeof n === 'number' ? String(Number(n.toFixed(3))) : String(n ?? ''));

function table(results) {
  const lines = [
    '| bench | measure | subject | baseline | ratio | target | holds | note |',
    '|---|---|---:|---:|---:|---|---|---|',
  ];
  for (const { bench, rows, error } of results) {
    if (error) {
      lines.push(`| ${bench} | (did not finish) | | | | | NO | ${error} |`);
      continue;
    }
    for (const r of rows) {
      lines.push(
        `| ${bench} | ${r.name} | ${fmt(r.subject)} ${r.unit ?? ''} | ${fmt(r.baseline)} ${r.baselineUnit ?? r.unit ?? ''} | ${fmt(r.ratio)} | ${r.target ?? ''} | ${r.holds === null ? '—' : r.holds ? 'yes' : 'NO'} | ${(r.note ?? '').replace(/\|/g, '/')} |`,
      );
    }
  }
  return lines.join('\n');
}

async function main() {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  const results = [];
  for (const name of benches) {
    console.log(`\n=== ${name} ${passOn.join(' ')}`);
    const jsonFile = path.join(tmp, `${name}.json`);
    const { code, seconds } = await run(name, jsonFile);
    try {
      if (code !== 0) throw new Error(`exited ${code} after ${seconds.toFixed(0)} s`);
      const written = JSON.parse(readFileSync(jsonFile, 'utf8'));
      results.push({ bench: written.bench ?? name, rows: written.rows, seconds });
    } catch (error) {
      results.push({
        bench: name,
        rows: [],
        seconds,
        error: error.code === 'ENOENT' ? 'wrote no --json rows' : error.message,
      });
    }
  }
  const at = new Date().toISOString();
  const machine = `${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}`;
  const combined = table(results);
  // a row without a target (holds: null) is shown, not counted
  const targeted = results.flatMap((r) => r.rows).filter((r) => r.holds !== null);
  const held = targeted.filter((r) => r.holds).length;
  const all = targeted.length + results.filter((r) => r.error).length;
  console.log(`\n${combined}\n\n${held} of ${all} targets hold`);
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(
    path.join(OUT_DIR, 'latest.json'),
    `${JSON.stringify({ at, machine, options: passOn, results }, null, 2)}\n`,
  );
  const markdown = [
    `# Bench results`,
    '',
    `\`npm run bench${passOn.length ? ` -- ${passOn.join(' ')}` : ''}\` at ${at} on this machine (${machine}).`,
    'Each ratio is measured against its baseline in the same run, interleaved, median of 3 (see each script).',
    '',
    combined,
    '',
    `${held} of ${all} targets hold.`,
    '',
  ].join('\n');
  // laid out as `npm run lint` (prettier --check .) expects, so a committed result passes it
  const prettier = await import('prettier').catch(() => undefined);
  const formatted = prettier ? await prettier.format(markdown, { parser: 'markdown' }) : markdown;
  writeFileSync(path.join(OUT_DIR, 'latest.md'), formatted);
  if (results.some((r) => r.error)) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
