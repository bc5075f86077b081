import { deriveDimensions, findSpecProblem, specCombinations, specKey } from './specs';

const dims = [
  { name: '规格', values: ['500g', '1kg'] },
  { name: '口味', values: ['原味', '巧克力'] },
];

test('combinations are the cartesian product, first dimension slowest', () => {
  expect(specCombinations(dims)).toEqual([
    { 规格: '500g', 口味: '原味' },
    { 规格: '500g', 口味: '巧克力' },
    { 规格: '1kg', 口味: '原味' },
    { 规格: '1kg', 口味: '巧克力' },
  ]);
  expect(specCombinations([])).toEqual([{}]);
});

test('a spec key ignores the order of dimensions', () => {
  expect(specKey({ 规格: '500g', 口味: '原味' })).toBe(specKey({ 口味: '原味', 规格: '500g' }));
  expect(specKey({ 规格: '500g' })).toBe('规格=500g');
});

test.each([
  ['a full cover is fine', specCombinations(dims), null],
  [
    'a missing combination',
    specCombinations(dims).slice(1),
    { index: null, message: expect.stringContaining('规格=500g') },
  ],
  [
    'an unknown value',
    [...specCombinations(dims).slice(1), { 规格: '2kg', 口味: '原味' }],
    { index: 3, message: expect.stringContaining('2kg') },
  ],
  ['a missing dimension', [{ 规格: '500g' }], { index: 0, message: expect.stringContaining('exactly') }],
  [
    'a duplicate',
    [...specCombinations(dims), { 口味: '原味', 规格: '1kg' }],
    { index: 4, message: expect.stringContaining('twice') },
  ],
])('%s', (_name, specs, problem) => {
  expect(findSpecProblem(dims, specs)).toEqual(problem);
});

test('dimensions are derived from SKU specs in first-seen order', () => {
  expect(deriveDimensions([{ 规格: '1kg' }, { 规格: '500g' }, { 规格: '1kg' }])).toEqual([
    { name: '规格', values: ['1kg', '500g'] },
  ]);
});
