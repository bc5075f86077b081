import { expect, it } from '@jest/globals';
import { chinaDateTimeText, formOf, sessionBodyOf, sessionTimeText, type SessionForm } from './team-sessions';

const form: SessionForm = {
  title: ' 新品培训 ',
  description: '',
  date: '2026-12-05',
  startTime: '19:30',
  endTime: '21:00',
  deadlineHoursBefore: 24,
  place: '门店二楼',
  onlineUrl: '',
  capacity: '20',
  audience: 'team',
};

it('builds the body in China time, with the deadline before the start', () => {
  const result = sessionBodyOf(form);
  expect(result).toEqual({
    body: {
      title: '新品培训',
      description: '',
      startsAt: '2026-12-05T11:30:00.000Z',
      endsAt: '2026-12-05T13:00:00.000Z',
      signupDeadline: '2026-12-04T11:30:00.000Z',
      place: '门店二楼',
      onlineUrl: null,
      capacity: 20,
      audience: 'team',
    },
  });
  if ('body' in result) expect(formOf(result.body)).toEqual({ ...form, title: '新品培训' });
});

it('says what to fix first', () => {
  expect(sessionBodyOf({ ...form, title: ' ' })).toEqual({ problem: '请填写培训主题' });
  expect(sessionBodyOf({ ...form, endTime: '19:00' })).toEqual({ problem: '结束时间需晚于开始时间' });
  expect(sessionBodyOf({ ...form, place: '' })).toEqual({ problem: '请填写地点或线上链接' });
  expect(sessionBodyOf({ ...form, capacity: '1.5' })).toEqual({ problem: '名额需为正整数' });
  expect(sessionBodyOf({ ...form, capacity: '' })).toMatchObject({ body: { capacity: null } });
});

it('tells the time in China time', () => {
  expect(sessionTimeText('2026-12-05T11:30:00.000Z', '2026-12-05T13:00:00.000Z')).toBe('12月05日 19:30–21:00');
  expect(chinaDateTimeText('2026-12-04T16:30:00.000Z')).toBe('12月05日 00:30');
});
