import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Where the server's files are on disk, found from this file's folder rather than counted in `../` steps: the
 * TypeScript source (tsx, Jest), tsc's output and the production bundle (one file at server/dist/main.js, see
 * scripts/build.mjs) sit at different depths. The server folder is the nearest one up with a package.json; the
 * code folder is its child on the way (src or dist).
 */
function locate(): { serverDir: string; codeDir: string } {
  let codeDir = __dirname;
  for (;;) {
    const parent = path.dirname(codeDir);
    if (existsSync(path.join(parent, 'package.json'))) return { serverDir: parent, codeDir };
    if (parent === codeDir) throw new Error(`no package.json above ${__dirname}`);
    codeDir = parent;
  }
}

const found = locate();
/** server/ */
export const SERVER_DIR = found.serverDir;
/** server/src under tsx and Jest, server/dist in production. */
export const CODE_DIR = found.codeDir;
/** The repository (workspace) root: data/ and config/ live there. */
export const REPO_DIR = path.dirname(SERVER_DIR);
