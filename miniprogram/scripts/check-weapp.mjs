#!/usr/bin/env node
// Structural check of the weapp build (WeChat DevTools does not run here): every page of app.json has its
// four files, every script parses, the packages stay within WeChat's size limits, and neither admin contracts
// nor zod are in the bundle.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MB = 1024 * 1024;
const LIMITS = { main: 2 * MB, subpackage: 2 * MB, total: 20 * MB };
/** Our own budget for the main package (issue 9): what every phone downloads before the first page. */
const MAIN_BUDGET = 600 * 1024;
const PAGE_FILES = ['.js', '.wxml', '.wxss', '.json'];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'weapp');
const problems = [];

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

const sizeOf = (files) => files.reduce((sum, f) => sum + statSync(f).size, 0);
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const rel = (file) => path.relative(root, file).split(path.sep).join('/');

if (!existsSync(path.join(root, 'app.json'))) {
  console.error(`✗ ${path.join(root, 'app.json')} not found: run "npm run build:weapp" first`);
  process.exit(1);
}
const app = JSON.parse(readFileSync(path.join(root, 'app.json'), 'utf8'));
const subpackages = (app.subPackages ?? app.subpackages ?? []).map((p) => ({
  root: p.root.replace(/\/?$/, '/'),
  pages: p.pages,
}));

// 1. Every page, main and subpackage, has its .js/.wxml/.wxss/.json.
const pages = [...(app.pages ?? []), ...subpackages.flatMap((p) => p.pages.map((page) => p.root + page))];
if (pages.length === 0) problems.push('app.json lists no pages');
for (const page of pages) {
  const missing = PAGE_FILES.filter((ext) => !existsSync(path.join(root, page + ext)));
  if (missing.length) problems.push(`page ${page} lacks ${missing.join(', ')}`);
}
for (const tab of app.tabBar?.list ?? []) {
  if (!pages.includes(tab.pagePath)) problems.push(`tabBar page ${tab.pagePath} is not in app.json pages`);
}

// 2. Every script parses.
const allFiles = filesUnder(root);
const scripts = allFiles.filter((f) => f.endsWith('.js'));
for (const script of scripts) {
  try {
    execFileSync(process.execPath, ['--check', script], { stdio: 'pipe' });
  } catch (err) {
    problems.push(`node --check failed for ${rel(script)}:\n${String(err.stderr ?? err.message).trim()}`);
  }
}

// 3. Package sizes. Source maps and licence notes are not uploaded, so they do not count.
const counted = allFiles.filter((f) => !f.endsWith('.map') && !f.endsWith('.LICENSE.txt'));
const inSubpackage = (file, sub) => rel(file).startsWith(sub.root);
const mainFiles = counted.filter((f) => !subpackages.some((s) => inSubpackage(f, s)));
const mainSize = sizeOf(mainFiles);
console.log(`main package: ${kb(mainSize)} (limit ${kb(LIMITS.main)}), ${app.pages.length} pages`);
if (mainSize > LIMITS.main) problems.push(`main package is ${kb(mainSize)}, over ${kb(LIMITS.main)}`);
else if (mainSize > MAIN_BUDGET) problems.push(`main package is ${kb(mainSize)}, over its ${kb(MAIN_BUDGET)} budget`);
for (const sub of subpackages) {
  const size = sizeOf(counted.filter((f) => inSubpackage(f, sub)));
  console.log(`subpackage ${sub.root}: ${kb(size)} (limit ${kb(LIMITS.subpackage)}), ${sub.pages.length} pages`);
  if (size > LIMITS.subpackage) problems.push(`subpackage ${sub.root} is ${kb(size)}, over ${kb(LIMITS.subpackage)}`);
}
const total = sizeOf(counted);
console.log(`total: ${kb(total)} (limit ${kb(LIMITS.total)}); ${scripts.length} scripts parsed`);
if (total > LIMITS.total) problems.push(`all packages together are ${kb(total)}, over ${kb(LIMITS.total)}`);

// 4. What must never ship to phones: admin contracts (shared/src/contracts/*-admin.ts, reached only through
// @mall/shared/admin), and zod, which the client does not need (it holds RouteRefs, not contracts).
for (const file of scripts) {
  const code = readFileSync(file, 'utf8');
  if (code.includes('/api/admin/')) problems.push(`${rel(file)} contains an admin route path (/api/admin/...)`);
  if (code.includes('$ZodType')) problems.push(`${rel(file)} contains zod`);
}

if (problems.length) {
  console.error(`\n✗ weapp check failed:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log('✓ weapp build is complete and within size limits');
