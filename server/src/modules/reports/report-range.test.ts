import { cycleOf, daysOf, rangeOf } from './report-range';

test.each([
  ['2026-12-01', 'monthly', '2026-12-01', '2026-12-31'],
  ['2027-02-15', 'monthly', '2027-02-01', '2027-02-28'],
  ['2028-02-29', 'monthly', '2028-02-01', '2028-02-29'],
  ['2026-12-01', 'weekly', '2026-11-30', '2026-12-06'], // a Tuesday: the week from Monday
  ['2026-11-30', 'weekly', '2026-11-30', '2026-12-06'], // a Monday starts its own week
  ['2026-12-06', 'weekly', '2026-11-30', '2026-12-06'], // a Sunday ends it
  ['2027-01-01', 'weekly', '2026-12-28', '2027-01-03'], // across the year
] as const)('%s in a %s cycle runs %s to %s', (day, cycle, start, end) => {
  expect(cycleOf(day, cycle)).toEqual({ start, end });
});

test('a range is whole Beijing days: from 00:00 to the next midnight after `to`, UTC+8', () => {
  expect(rangeOf({ from: '2026-12-01', to: '2026-12-01' })).toEqual({
    from: new Date('2026-11-30T16:00:00.000Z'),
    to: new Date('2026-12-01T16:00:00.000Z'),
  });
  expect(daysOf('2026-12-30', '2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
});
