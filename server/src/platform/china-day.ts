/** China has one time zone and no daylight saving: a calendar day there is the UTC+8 date. */
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** 'YYYY-MM-DD' of the calendar day in Asia/Shanghai, as people in China (and WeChat's date fields) read it. */
export function chinaDay(at: Date | string): string {
  return new Date(new Date(at).getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}
