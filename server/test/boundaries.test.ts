import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The seams check in `npm run lint` (dependency-cruiser with the project's .dependency-cruiser.cjs) is shown
 * here refusing each kind of violation on a small tree of modules written for the test, and accepting the
 * same tree without it. The project's own tree is checked by the lint step itself.
 */
const ROOT = path.join(__dirname, '../..');
const CONFIG = path.join(ROOT, '.dependency-cruiser.cjs');
const DEPCRUISE = path.join(ROOT, 'node_modules/.bin/depcruise');

type Tree = Record<string, string>;

const CLEAN: Tree = {
  'server/src/platform/db.ts': `export const db = {};\n`,
  'server/src/modules/stock/stock.model.ts': `export class Stock {}\n`,
  'server/src/modules/stock/reserve.ts': `import { Stock } from './stock.model';\nexport const reserve = () => new Stock();\n`,
  'server/src/modules/stock/index.ts': `export { reserve } from './reserve';\n`,
  'server/src/modules/orders/place.ts': `import { reserve } from '../stock';\nimport { db } from '../../platform/db';\nexport const place = () => [reserve(), db];\n`,
  'server/src/modules/orders/index.ts': `export { place } from './place';\n`,
  'server/src/flows/checkout.ts': `import { place } from '../modules/orders';\nexport const checkout = () => place();\n`,
};

function cruise(tree: Tree): { status: number | null; output: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'seams-'));
  try {
    for (const [file, text] of Object.entries(tree)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
    const run = spawnSync(DEPCRUISE, ['--config', CONFIG, 'server/src'], { cwd: dir, encoding: 'utf8' });
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('module seams (dependency-cruiser in npm run lint)', () => {
  test('a tree that uses doors only, in one direction, passes', () => {
    const { status, output } = cruise(CLEAN);
    expect(output).toMatch(/no dependency violations/);
    expect(status).toBe(0);
  });

  test('a back-door import of another module’s model fails the lint', () => {
    const { status, output } = cruise({
      ...CLEAN,
      'server/src/modules/orders/peek.ts': `import { Stock } from '../stock/stock.model';\nexport const peek = () => new Stock();\n`,
    });
    expect(status).not.toBe(0);
    expect(output).toMatch(
      /no-back-door: server\/src\/modules\/orders\/peek\.ts → server\/src\/modules\/stock\/stock\.model\.ts/,
    );
  });

  test('a cycle between two modules, even through their doors, fails the lint', () => {
    const { status, output } = cruise({
      ...CLEAN,
      'server/src/modules/stock/on-order.ts': `import { place } from '../orders';\nexport const onOrder = () => place();\n`,
      'server/src/modules/stock/index.ts': `export { reserve } from './reserve';\nexport { onOrder } from './on-order';\n`,
    });
    expect(status).not.toBe(0);
    expect(output).toMatch(/no-module-cycle/);
  });

  test('a module calling a flow, or the platform calling a module, fails the lint', () => {
    const { status, output } = cruise({
      ...CLEAN,
      'server/src/modules/orders/back.ts': `import { checkout } from '../../flows/checkout';\nexport const back = () => checkout();\n`,
      'server/src/platform/knows.ts': `import { place } from '../modules/orders';\nexport const knows = () => place();\n`,
    });
    expect(status).not.toBe(0);
    expect(output).toMatch(/no-flows-from-modules/);
    expect(output).toMatch(/platform-below-modules/);
  });
});
