import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import type { Sequelize } from 'sequelize';
import { createSequelize } from '../src/platform/db/database';
import { createMigrator } from '../src/platform/db/migrate';

/**
 * Databases in the field already hold members with a referrer and a level in the members table: the seams
 * migrations carry both to their owners (team_nodes, loyalty_accounts), drop the old columns, rename the share
 * tables, and give everything back on the way down. On MariaDB (tests, production) and SQLite (quickstart).
 */
const BASE_URL = (process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/test').replace(/^mariadb:/, 'mysql:');
const STAMP = "'2026-11-01 00:00:00'";

async function scratchDatabase(dialect: 'mysql' | 'sqlite'): Promise<{ url: string; drop(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'seams-'));
    return { url: `sqlite:${path.join(dir, 'db.sqlite')}`, drop: async () => rmSync(dir, { recursive: true }) };
  }
  const name = `mall_seams_${process.pid}_${randomBytes(3).toString('hex')}`;
  const root = await mysql.createConnection(BASE_URL);
  await root.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await root.end();
  return {
    url: BASE_URL.replace(/\/[^/]*$/, `/${name}`),
    drop: async () => {
      const conn = await mysql.createConnection(BASE_URL);
      await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await conn.end();
    },
  };
}

const rows = async (sequelize: Sequelize, sql: string) => (await sequelize.query(sql))[0] as Record<string, unknown>[];
const columnsOf = async (sequelize: Sequelize, table: string) =>
  Object.keys(await sequelize.getQueryInterface().describeTable(table));

test.each(['mysql', 'sqlite'] as const)(
  'on %s the referrer and the level move to their owners and come back on the way down',
  async (dialect) => {
    const db = await scratchDatabase(dialect);
    const sequelize = createSequelize(db.url);
    try {
      const migrator = createMigrator(sequelize);
      // members as an older release left them, before the team tables existed
      await migrator.up({ to: '20261125001300-member-profiles-addresses' });
      await sequelize.query(
        `INSERT INTO members (id, openid, nickname, invite_code, referrer_id, level_code, created_at, updated_at) VALUES
         (1, 'o1', 'a', 'AAAA', NULL, 'gold', ${STAMP}, ${STAMP}),
         (2, 'o2', 'b', 'BBBB', 1, 'normal', ${STAMP}, ${STAMP}),
         (3, 'o3', 'c', 'CCCC', 2, 'silver', ${STAMP}, ${STAMP})`,
      );
      await migrator.up({ to: '20261125001610-create-messages' });
      await sequelize.query(
        `INSERT INTO loyalty_accounts (member_id, available_points, frozen_points, created_at, updated_at)
         VALUES (2, 5, 0, ${STAMP}, ${STAMP})`,
      );
      await migrator.up();

      expect(await columnsOf(sequelize, 'members')).not.toEqual(expect.arrayContaining(['referrer_id']));
      expect(await columnsOf(sequelize, 'members')).not.toEqual(expect.arrayContaining(['level_code']));
      const tree = await rows(sequelize, 'SELECT member_id, referrer_id FROM team_nodes ORDER BY member_id');
      expect(tree.map((r) => [Number(r.member_id), r.referrer_id === null ? null : Number(r.referrer_id)])).toEqual([
        [1, null],
        [2, 1],
        [3, 2],
      ]);
      const accounts = await rows(
        sequelize,
        'SELECT member_id, level_code, available_points FROM loyalty_accounts ORDER BY member_id',
      );
      expect(accounts.map((a) => [Number(a.member_id), a.level_code, Number(a.available_points)])).toEqual([
        [1, 'gold', 0],
        [2, 'normal', 5], // an existing account keeps its points
        [3, 'silver', 0],
      ]);
      expect(await columnsOf(sequelize, 'share_opens')).toContain('promoter_id');

      await migrator.down({ to: '20261130000100-account-level' });
      const members = await rows(sequelize, 'SELECT id, referrer_id, level_code FROM members ORDER BY id');
      expect(
        members.map((m) => [Number(m.id), m.referrer_id === null ? null : Number(m.referrer_id), m.level_code]),
      ).toEqual([
        [1, null, 'gold'],
        [2, 1, 'normal'],
        [3, 2, 'silver'],
      ]);
      expect(await columnsOf(sequelize, 'promotion_opens')).toContain('promoter_id');
    } finally {
      await sequelize.close();
      await db.drop();
    }
  },
  120_000,
);
