import { Op, type WhereOptions } from 'sequelize';
import type { AdminMemberRow, MemberSearchQuery } from '@mall/shared/admin';
import { maskName, normalizeIdNumber } from './id-number';
import type { PlatformDeps } from '../../platform/deps';
import { memberDataCipher, type MemberDataCipher } from './id-number-crypto';
import { Member } from './member.model';
import { loadMemberRows, type MemberRow } from './profile-view';
import { MemberProfile } from './profile.model';

const EXPORT_MAX_ROWS = 50_000;
const EXPORT_BATCH = 1_000;
const PHONE_LIKE = /^\+?\d{6,15}$/;
const ID_NUMBER_LIKE = /^\d{17}[\dXx]$/;

/**
 * The search as members can run it: the level and the referrer filters belong to loyalty and team, so the caller
 * (flows/member-search) turns them into the set of member ids they allow (`memberIdIn`).
 */
export type MemberSearch = Omit<MemberSearchQuery, 'levelCode' | 'referrerId'> & { memberIdIn?: readonly number[] };

/** Adds what other modules know (level, referrer) to a page of rows; supplied by the flow. */
export type CompleteRows = (rows: MemberRow[]) => Promise<AdminMemberRow[]>;

/**
 * Admin member search. A keyword that looks like an ID number is found through its keyed hash, one that looks like
 * a phone number is matched exactly against the bound phone (never a partial match on personal data); otherwise it
 * matches a nickname (contains), an invite code or a member id.
 */
export async function memberSearchWhere(query: MemberSearch, cipher: MemberDataCipher): Promise<WhereOptions<Member>> {
  const and: WhereOptions<Member>[] = [];
  if (query.keyword) and.push(await keywordWhere(query.keyword, cipher));
  if (query.memberIdIn) and.push({ id: { [Op.in]: [...query.memberIdIn] } });
  if (query.joinedFrom) and.push({ createdAt: { [Op.gte]: new Date(`${query.joinedFrom}T00:00:00.000Z`) } });
  if (query.joinedTo) and.push({ createdAt: { [Op.lt]: nextDay(query.joinedTo) } });
  return and.length ? { [Op.and]: and } : {};
}

async function keywordWhere(keyword: string, cipher: MemberDataCipher): Promise<WhereOptions<Member>> {
  if (ID_NUMBER_LIKE.test(keyword)) {
    const hash = cipher.keyedHash(normalizeIdNumber(keyword));
    const owner = await MemberProfile.findOne({ where: { idNumberHash: hash }, attributes: ['memberId'] });
    return { id: owner ? owner.memberId : 0 };
  }
  if (PHONE_LIKE.test(keyword)) {
    const owners = await MemberProfile.findAll({ where: { phone: keyword }, attributes: ['memberId'] });
    const byPhone = owners.map((p) => p.memberId);
    return /^\d{1,10}$/.test(keyword)
      ? { id: { [Op.in]: [...byPhone, Number(keyword)] } }
      : { id: { [Op.in]: byPhone } };
  }
  const escaped = keyword.replace(/[\\%_]/g, (c) => `\\${c}`);
  return {
    [Op.or]: [
      { nickname: { [Op.like]: `%${escaped}%` } },
      { inviteCode: keyword.toUpperCase() },
      ...(/^\d{1,10}$/.test(keyword) ? [{ id: Number(keyword) }] : []),
    ],
  };
}

function nextDay(isoDate: string): Date {
  const day = new Date(`${isoDate}T00:00:00.000Z`);
  day.setUTCDate(day.getUTCDate() + 1);
  return day;
}

export async function searchMembers(
  deps: Pick<PlatformDeps, 'config'>,
  query: MemberSearch & { page: number; pageSize: number },
  complete: CompleteRows,
): Promise<{ items: AdminMemberRow[]; total: number; page: number; pageSize: number }> {
  const { rows, count } = await Member.findAndCountAll({
    where: await memberSearchWhere(query, memberDataCipher(deps.config.memberDataKey)),
    order: [['id', 'DESC']],
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return {
    items: await complete(await loadMemberRows(rows)),
    total: count,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/**
 * The search as an xlsx workbook: masked data only (phone, and the real name down to the family name, since a file
 * leaves the system), read in id-keyed batches (no deep OFFSET scans).
 */
export async function exportMembers(
  deps: Pick<PlatformDeps, 'config'>,
  query: MemberSearch,
  complete: CompleteRows,
): Promise<{ file: Buffer; rowCount: number }> {
  const { default: ExcelJS } = await import('exceljs'); // loaded on use: a large share of boot time otherwise
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('会员');
  sheet.columns = [
    { header: '会员ID', key: 'id', width: 10 },
    { header: '昵称', key: 'nickname', width: 20 },
    { header: '姓名（掩码）', key: 'realName', width: 12 },
    { header: '手机（掩码）', key: 'phoneMasked', width: 16 },
    { header: '等级', key: 'levelName', width: 8 },
    { header: '邀请码', key: 'inviteCode', width: 12 },
    { header: '推荐人ID', key: 'referrerId', width: 10 },
    { header: '推荐人', key: 'referrerNickname', width: 20 },
    { header: '注册时间', key: 'joinedAt', width: 24 },
  ];
  const where = await memberSearchWhere(query, memberDataCipher(deps.config.memberDataKey));
  let afterId = 0;
  let written = 0;
  for (; written < EXPORT_MAX_ROWS;) {
    const batch = await Member.findAll({
      where: { [Op.and]: [where, { id: { [Op.gt]: afterId } }] },
      order: [['id', 'ASC']],
      limit: Math.min(EXPORT_BATCH, EXPORT_MAX_ROWS - written),
    });
    if (!batch.length) break;
    for (const row of await complete(await loadMemberRows(batch))) {
      sheet.addRow({
        ...row,
        realName: row.realName ? maskName(row.realName) : '',
        referrerId: row.referrer?.id ?? '',
        referrerNickname: row.referrer?.nickname ?? '',
      });
    }
    written += batch.length;
    afterId = batch[batch.length - 1].id;
  }
  return { file: Buffer.from(await workbook.xlsx.writeBuffer()), rowCount: written };
}
