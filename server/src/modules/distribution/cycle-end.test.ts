import { cycleEnd } from './statements';

/** A settlement cycle ends at 00:00 Beijing time (16:00 UTC the day before) on the 1st of the month or on Monday. */
test.each([
  ['monthly', '2026-11-30T23:00:00Z', '2026-11-30T16:00:00.000Z'], // already 1 December in Beijing
  ['monthly', '2026-11-30T15:59:59Z', '2026-10-31T16:00:00.000Z'], // still 30 November in Beijing
  ['monthly', '2027-01-01T03:00:00Z', '2026-12-31T16:00:00.000Z'],
  ['weekly', '2026-12-02T04:00:00Z', '2026-11-29T16:00:00.000Z'], // Wednesday → Monday 30 November
  ['weekly', '2026-11-29T16:00:00Z', '2026-11-29T16:00:00.000Z'], // Monday 00:00 itself
  ['weekly', '2026-11-29T15:59:00Z', '2026-11-22T16:00:00.000Z'], // Sunday night → the Monday before
] as const)('%s cycle, at %s, ends at %s', (cycle, now, end) => {
  expect(cycleEnd(cycle, new Date(now)).toISOString()).toBe(end);
});
