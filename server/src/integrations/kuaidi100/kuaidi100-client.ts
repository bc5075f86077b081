/**
 * Kuaidi100 (快递100) tracking, as its public SDKs speak it (research: platform-apis.md §7):
 * - query: POST {base}/poll/query.do, form `customer`, `sign`, `param`; sign = UPPER(MD5(param + key + customer))
 *   over the exact JSON string sent;
 * - subscribe: POST {base}/poll, form `schema=json`, `param` = {company, number, key, parameters{callbackurl, salt}};
 *   returnCode 200 submitted, 501 already subscribed (kept);
 * - push: Kuaidi100 POSTs form `param` + `sign` = UPPER(MD5(param + salt)); we answer
 *   {"result":true,"returnCode":"200","message":"成功"}.
 * Secrets (key, salt) never go into errors or logs.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export interface Kuaidi100Config {
  baseUrl: string;
  customer: string;
  key: string;
}

/** One tracking record as Kuaidi100 returns it (newest first). `ftime` is Beijing time "YYYY-MM-DD HH:mm:ss". */
export interface Kuaidi100Point {
  time: string;
  ftime: string;
  context: string;
  location?: string;
  areaName?: string;
  status?: string;
}

export interface Kuaidi100Track {
  /** 0 在途, 1 揽收, 2 疑难, 3 签收, 4 退签, 5 派件, 6 退回, 7 转投, 14 拒签 ... */
  state: string;
  /** "1" once signed for. */
  ischeck: string;
  com: string;
  nu: string;
  data: Kuaidi100Point[];
}

export class Kuaidi100Error extends Error {
  constructor(
    readonly returnCode: string,
    message: string,
  ) {
    super(message);
    this.name = 'Kuaidi100Error';
  }
}

const TIMEOUT_MS = 8_000;
export const md5Upper = (text: string) => createHash('md5').update(text, 'utf8').digest('hex').toUpperCase();
export const querySign = (param: string, key: string, customer: string) => md5Upper(param + key + customer);
export const pushSign = (param: string, salt: string) => md5Upper(param + salt);

/** What our push endpoint must answer, exactly (anything else makes Kuaidi100 retry 3 times, 35 minutes apart). */
export const PUSH_ACK = { result: true, returnCode: '200', message: '成功' } as const;

export function verifyPushSign(param: string, sign: string, salt: string): boolean {
  const expected = Buffer.from(pushSign(param, salt));
  const given = Buffer.from(String(sign).toUpperCase());
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Kuaidi100 `state` as our shipment status (unknown states change nothing). */
export function statusOfState(state: string | undefined) {
  switch (state) {
    case '1':
      return 'collected' as const;
    case '0':
    case '7':
      return 'in_transit' as const;
    case '5':
      return 'delivering' as const;
    case '3':
      return 'delivered' as const;
    case '2':
      return 'exception' as const;
    case '4':
    case '6':
    case '14':
      return 'returned' as const;
    default:
      return null;
  }
}

async function postForm(url: string, form: Record<string, string>, what: string): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new Kuaidi100Error('NETWORK', `${what}: Kuaidi100 unreachable (${(error as Error).name})`);
  }
  try {
    return (await response.json()) as Record<string, unknown>;
  } catch {
    throw new Kuaidi100Error(String(response.status), `${what}: unreadable answer (HTTP ${response.status})`);
  }
}

export interface Kuaidi100Client {
  /** Real-time query. A number Kuaidi100 knows nothing about yet answers an empty track, not an error. */
  query(input: { com: string; num: string; phone?: string }): Promise<Kuaidi100Track>;
  /** Subscribe pushes for a number; true when submitted or already subscribed (501). */
  subscribe(input: {
    company: string;
    number: string;
    phone?: string;
    callbackUrl: string;
    salt: string;
  }): Promise<boolean>;
}

export function createKuaidi100Client(cfg: Kuaidi100Config): Kuaidi100Client {
  const base = cfg.baseUrl.replace(/\/+$/, '');
  return {
    async query({ com, num, phone }) {
      const param = JSON.stringify({ com, num, ...(phone ? { phone } : {}), resultv2: '1', show: '0', order: 'desc' });
      const answer = await postForm(
        `${base}/poll/query.do`,
        { customer: cfg.customer, sign: querySign(param, cfg.key, cfg.customer), param },
        'query',
      );
      if (answer.result === false || answer.result === 'false') {
        const code = String(answer.returnCode ?? '');
        // "查询无结果": nothing scanned yet (a parcel just handed over); the next poll asks again
        if (code === '500') return { state: '', ischeck: '0', com, nu: num, data: [] };
        throw new Kuaidi100Error(code, `query: ${code} ${String(answer.message ?? '').slice(0, 100)}`);
      }
      const data = Array.isArray(answer.data) ? (answer.data as Kuaidi100Point[]) : [];
      return {
        state: String(answer.state ?? ''),
        ischeck: String(answer.ischeck ?? '0'),
        com: String(answer.com ?? com),
        nu: String(answer.nu ?? num),
        data: data.filter((p) => typeof p?.context === 'string' && typeof p?.ftime === 'string'),
      };
    },
    async subscribe({ company, number, phone, callbackUrl, salt }) {
      const param = JSON.stringify({
        company,
        number,
        key: cfg.key,
        parameters: { callbackurl: callbackUrl, salt, resultv2: '1', ...(phone ? { phone } : {}) },
      });
      const answer = await postForm(`${base}/poll`, { schema: 'json', param }, 'subscribe');
      const code = String(answer.returnCode ?? '');
      if (code === '200' || code === '501') return true;
      throw new Kuaidi100Error(code, `subscribe: ${code} ${String(answer.message ?? '').slice(0, 100)}`);
    },
  };
}

/** "YYYY-MM-DD HH:mm:ss" in Beijing time (UTC+8, no DST) → a Date. */
export function parseBeijingTime(ftime: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(ftime.trim());
  if (!m) return null;
  return new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}+08:00`);
}

export function formatBeijingTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}
