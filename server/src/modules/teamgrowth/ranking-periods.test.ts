import { isPeriodOver, periodAt, periodRange, previousPeriod } from './ranking-periods';

describe('ranking periods, in Beijing time', () => {
  test.each([
    ['2026-11-30T15:59:59.999Z', 'monthly', '2026-11'], // 23:59:59 on 30 Nov in Beijing
    ['2026-11-30T16:00:00.000Z', 'monthly', '2026-12'], // midnight on 1 Dec in Beijing
    ['2026-12-31T16:00:00.000Z', 'monthly', '2027-01'],
    ['2026-11-29T16:00:00.000Z', 'weekly', '2026-W49'], // Monday 30 Nov, Beijing
    ['2026-11-29T15:59:59.000Z', 'weekly', '2026-W48'], // still Sunday 29 Nov
    ['2027-01-01T00:00:00.000Z', 'weekly', '2026-W53'], // 1 Jan 2027 is a Friday: ISO week 53 of 2026
    ['2025-12-29T00:00:00.000Z', 'weekly', '2026-W01'], // Monday 29 Dec 2025 opens ISO 2026
  ] as const)('%s is in the %s period %s', (at, kind, period) => {
    expect(periodAt(new Date(at), kind)).toBe(period);
  });

  test('a month and a week run from Beijing midnight to Beijing midnight', () => {
    expect(periodRange('2026-02')).toEqual({
      period: '2026-02',
      fromDay: '2026-02-01',
      toDay: '2026-02-28',
      startsAt: new Date('2026-01-31T16:00:00.000Z'),
      endsAt: new Date('2026-02-28T16:00:00.000Z'),
    });
    const week = periodRange('2026-W49');
    expect([week.fromDay, week.toDay]).toEqual(['2026-11-30', '2026-12-06']);
  });

  test('the previous period, and when a period is over', () => {
    expect(previousPeriod('2027-01')).toBe('2026-12');
    expect(previousPeriod('2026-W01')).toBe('2025-W52');
    expect(previousPeriod('2027-W01')).toBe('2026-W53');
    expect(isPeriodOver('2026-11', new Date('2026-11-30T15:59:59.999Z'))).toBe(false);
    expect(isPeriodOver('2026-11', new Date('2026-11-30T16:00:00.000Z'))).toBe(true);
  });
});
