import { rollUpToAncestors, type Sums } from './roll-up-team-sums';
import { parentFromPath } from './tree-path';

const one = (salesFen = 0): Sums => ({ members: 1, salesFen, orders: salesFen ? 1 : 0 });

test.each([
  ['/', null],
  ['/1/', 1],
  ['/1/5/19/', 19],
])('the referrer of path %s is %s', (path, parent) => expect(parentFromPath(path)).toBe(parent));

test('a change reaches every ancestor once, whether its referrer is in the batch or not', () => {
  // 1 ← 2 ← 3 ← 4, and 1 ← 5; nodes 3, 4 and 5 change
  const nodes = [
    { memberId: 3, depth: 2, ancestorPath: '/1/2/' },
    { memberId: 4, depth: 3, ancestorPath: '/1/2/3/' },
    { memberId: 5, depth: 1, ancestorPath: '/1/' },
  ];
  const changes = new Map([
    [3, one(100)],
    [4, one(10)],
    [5, one(1)],
  ]);
  const team = rollUpToAncestors(nodes, changes);
  expect(Object.fromEntries(team)).toEqual({
    1: { members: 3, salesFen: 111, orders: 3 },
    2: { members: 2, salesFen: 110, orders: 2 },
    3: { members: 1, salesFen: 10, orders: 1 },
  });
});

test('a member carried up by a batch member is counted in that member’s team even without its own change', () => {
  const nodes = [
    { memberId: 2, depth: 1, ancestorPath: '/1/' },
    { memberId: 3, depth: 2, ancestorPath: '/1/2/' },
  ];
  const team = rollUpToAncestors(nodes, new Map([[3, one()]]));
  expect(Object.fromEntries(team)).toEqual({
    1: { members: 1, salesFen: 0, orders: 0 },
    2: { members: 1, salesFen: 0, orders: 0 },
  });
});
