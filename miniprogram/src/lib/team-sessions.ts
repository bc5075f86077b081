import type { TeamSessionAudience, TeamSessionInput } from '@mall/shared';

export const SESSIONS_PAGE = '/subpackages/team/pages/sessions/index';
export const SESSION_PAGE = '/subpackages/team/pages/session/index';
export const SESSION_EDIT_PAGE = '/subpackages/team/pages/session-edit/index';

/** Every field of a session as the server takes it (the contract's defaults spelled out). */
export type SessionBody = Required<TeamSessionInput>;

/** The create form as the leader fills it: a day, a start and an end time that day, China time (the shop's). */
export interface SessionForm {
  title: string;
  description: string;
  /** 'YYYY-MM-DD' */
  date: string;
  /** 'HH:mm' */
  startTime: string;
  endTime: string;
  /** Hours before the start that sign-up closes (0: at the start). */
  deadlineHoursBefore: number;
  place: string;
  onlineUrl: string;
  /** '' for no limit. */
  capacity: string;
  audience: TeamSessionAudience;
}

export const DEADLINE_CHOICES = [
  { hours: 0, label: '开始时截止' },
  { hours: 1, label: '开始前 1 小时' },
  { hours: 24, label: '开始前 1 天' },
] as const;

const chinaInstant = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`);

/** The request body, or the first thing to fix (in words for a toast). */
export function sessionBodyOf(form: SessionForm): { body: SessionBody } | { problem: string } {
  if (!form.title.trim()) return { problem: '请填写培训主题' };
  if (!form.date || !form.startTime || !form.endTime) return { problem: '请选择日期和时间' };
  const startsAt = chinaInstant(form.date, form.startTime);
  const endsAt = chinaInstant(form.date, form.endTime);
  if (endsAt <= startsAt) return { problem: '结束时间需晚于开始时间' };
  if (!form.place.trim() && !form.onlineUrl.trim()) return { problem: '请填写地点或线上链接' };
  const capacity = form.capacity.trim() ? Number(form.capacity) : null;
  if (capacity !== null && !(Number.isInteger(capacity) && capacity >= 1)) return { problem: '名额需为正整数' };
  return {
    body: {
      title: form.title.trim(),
      description: form.description.trim(),
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      signupDeadline: new Date(startsAt.getTime() - form.deadlineHoursBefore * 3_600_000).toISOString(),
      place: form.place.trim() || null,
      onlineUrl: form.onlineUrl.trim() || null,
      capacity,
      audience: form.audience,
    },
  };
}

/** "12月05日 19:30–21:00" in China time. */
export function sessionTimeText(startsAt: string, endsAt: string): string {
  const [day, start] = chinaParts(startsAt);
  const [endDay, end] = chinaParts(endsAt);
  return endDay === day ? `${day} ${start}–${end}` : `${day} ${start} – ${endDay} ${end}`;
}

/** "12月04日 19:30" in China time. */
export function chinaDateTimeText(iso: string): string {
  return chinaParts(iso).join(' ');
}

function chinaParts(iso: string): [string, string] {
  const t = new Date(Date.parse(iso) + 8 * 3_600_000).toISOString();
  return [`${t.slice(5, 7)}月${t.slice(8, 10)}日`, t.slice(11, 16)];
}

/** The form of an existing session (the leader edits it). */
export function formOf(s: SessionBody): SessionForm {
  const start = new Date(Date.parse(s.startsAt) + 8 * 3_600_000).toISOString();
  const end = new Date(Date.parse(s.endsAt) + 8 * 3_600_000).toISOString();
  const before = Math.round((Date.parse(s.startsAt) - Date.parse(s.signupDeadline)) / 3_600_000);
  return {
    title: s.title,
    description: s.description,
    date: start.slice(0, 10),
    startTime: start.slice(11, 16),
    endTime: end.slice(11, 16),
    deadlineHoursBefore: DEADLINE_CHOICES.find((c) => c.hours === before)?.hours ?? 0,
    place: s.place ?? '',
    onlineUrl: s.onlineUrl ?? '',
    capacity: s.capacity === null ? '' : String(s.capacity),
    audience: s.audience,
  };
}
