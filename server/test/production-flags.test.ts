import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Production's V8 flags are written where each start command lives (V8 refuses them in NODE_OPTIONS): the root and
 * server package.json scripts, the benches' PRODUCTION_NODE_FLAGS (benches run the api as production does) and the
 * README's production command. They must be the same everywhere: a flag tuned in one place only would make the
 * benches measure something production does not run.
 */
const ROOT = path.join(__dirname, '../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const flagsOf = (command: string) => command.split(/\s+/).filter((word) => word.startsWith('--'));

test('the production V8 flags are the same in every start command, the benches and the README', () => {
  const root = JSON.parse(read('package.json')).scripts as Record<string, string>;
  const server = JSON.parse(read('server/package.json')).scripts as Record<string, string>;
  const expected = flagsOf(root['start:api']!);
  expect(expected.length).toBeGreaterThan(0);
  for (const command of [root['start:worker']!, server.start!, server.worker!])
    expect(flagsOf(command)).toEqual(expected);

  const bench = /PRODUCTION_NODE_FLAGS = \[([^\]]*)\]/.exec(read('scripts/bench/support/api-process.mjs'))?.[1] ?? '';
  expect([...bench.matchAll(/'(--[^']+)'/g)].map((m) => m[1])).toEqual(expected);

  const readme = /NODE_ENV=production node ((?:--\S+ )+)server\/dist\/main\.js/.exec(read('README.md'))?.[1] ?? '';
  expect(flagsOf(readme)).toEqual(expected);
});
