import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import nodeModule from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';

/**
 * The production entry points, server/dist/main.js and worker.js, are this file, built by scripts/build.mjs with
 * the name and content hash of the bundle each one runs (server/dist/bundle/<name>.js). Compiling a 6 MB bundle
 * is about a third of a boot's CPU. Node 22.1 and later keep V8's compiled code between starts for every module
 * (module.enableCompileCache, as platform/compile-cache.ts does in development); Node 20 has no such switch, so
 * here the bundle is compiled with V8's code cache by hand (node:vm cachedData), the way Node 22 does it: kept in
 * NODE_COMPILE_CACHE, else the system's temporary folder, under the bundle's hash. A missing, unreadable or
 * rejected cache only means a full compile; a new one is written once the process has run a while (so it also
 * holds the functions the boot and the first requests compiled) or at exit, whichever comes first.
 */
declare const BUNDLE_NAME: string;
declare const BUNDLE_HASH: string;

const CACHE_AFTER_MS = 5_000;

function run(): void {
  const bundle = path.join(__dirname, 'bundle', `${BUNDLE_NAME}.js`);
  const withNodeCache = nodeModule as { enableCompileCache?: () => unknown };
  if (withNodeCache.enableCompileCache) {
    withNodeCache.enableCompileCache();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(bundle);
    return;
  }
  const cacheDir = process.env.NODE_COMPILE_CACHE ?? path.join(os.tmpdir(), 'mall-code-cache');
  const cacheFile = path.join(cacheDir, `${BUNDLE_NAME}-${BUNDLE_HASH}-${process.version}.bin`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined; // first start of this build: compiled in full, cached below
  }
  // latin1: the build writes the bundle in ASCII, and this is the cheapest way to read it into a one-byte string
  const script = new vm.Script(nodeModule.wrap(readFileSync(bundle, 'latin1')), { filename: bundle, cachedData });
  if (!cachedData || script.cachedDataRejected) keepCodeCache(script, cacheFile);
  const compiled = script.runInThisContext() as (...args: unknown[]) => void;
  const bundleModule = new nodeModule(bundle, module);
  bundleModule.filename = bundle;
  compiled.call(
    bundleModule.exports,
    bundleModule.exports,
    nodeModule.createRequire(bundle),
    bundleModule,
    bundle,
    path.dirname(bundle),
  );
}

function keepCodeCache(script: vm.Script, cacheFile: string): void {
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    try {
      // one level, not { recursive: true }: on Node 20 that loops forever under some paths it cannot create (/proc)
      if (!existsSync(path.dirname(cacheFile))) mkdirSync(path.dirname(cacheFile));
      const partial = `${cacheFile}.${process.pid}`;
      writeFileSync(partial, script.createCachedData());
      renameSync(partial, cacheFile); // whole or not at all: another process may be reading it
    } catch {
      // a read-only or full disk: the next start compiles in full again
    }
  };
  setTimeout(write, CACHE_AFTER_MS).unref();
  process.once('exit', write);
}

run();
