import { activityWindowStart, movedFiguresStart } from './team-time';

/** China days: UTC+8, so 16:00 UTC is the next day's midnight in Beijing. */
test.each([
  ['2026-12-02T04:00:00Z', '2026-11-01'], // the bug: a 30-day window left out November's first day
  ['2026-12-31T16:30:00Z', '2026-12-01'], // already 1 January in Beijing: December is the previous month
  ['2027-01-15T04:00:00Z', '2026-12-01'],
  ['2027-03-31T04:00:00Z', '2027-02-01'],
  ['2027-03-01T04:00:00Z', '2027-01-31'], // 28 days after 1 February: the activity window reaches further back
])('a rebind at %s moves day buckets from %s', (at, from) => {
  expect(movedFiguresStart(new Date(at))).toBe(from);
  expect(movedFiguresStart(new Date(at)) <= activityWindowStart(new Date(at))).toBe(true);
});
