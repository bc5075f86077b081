import { addCheck, idColumn, refColumn, timestampColumns } from '../../../platform/db/columns';
import type { MigrationContext } from '../../../platform/db/migrate';

/**
 * Points: one account per member (balances and activity), lots (each earn, FIFO by expiry), a ledger whose sums
 * equal the balances, and spends with the lots they used (so a spend can be refunded by its ref).
 */
export async function up({ queryInterface: qi, sequelize, DataTypes }: MigrationContext) {
  const points = (defaultValue?: number) => ({
    type: DataTypes.INTEGER,
    allowNull: false,
    ...(defaultValue === undefined ? {} : { defaultValue }),
  });
  await qi.createTable('loyalty_accounts', {
    member_id: { ...refColumn(), primaryKey: true },
    available_points: points(0),
    frozen_points: points(0),
    last_active_at: { type: DataTypes.DATE(3), allowNull: true },
    /** Until then the nightly job does not lower the level (set on upgrades and admin changes). */
    level_held_until: { type: DataTypes.DATE(3), allowNull: true },
    ...timestampColumns(),
  });
  await addCheck(
    qi,
    sequelize,
    'loyalty_accounts',
    'loyalty_accounts_points_non_negative',
    'available_points >= 0 AND frozen_points >= 0',
  );

  await qi.createTable('points_lots', {
    id: idColumn,
    member_id: refColumn(),
    /** Business identity of the earn: order:<id>, join:<newMemberId>:inviter, sign_in:<memberId>:<day>, admin:<requestId>. */
    source_key: { type: DataTypes.STRING(96), allowNull: false, unique: true },
    state: { type: DataTypes.STRING(10), allowNull: false },
    points: points(),
    remaining: points(),
    expires_at: { type: DataTypes.DATE(3), allowNull: false },
    ...timestampColumns(),
  });
  await qi.addIndex('points_lots', ['member_id', 'state', 'expires_at']);
  await qi.addIndex('points_lots', ['state', 'expires_at']);
  await addCheck(qi, sequelize, 'points_lots', 'points_lots_remaining_range', 'remaining >= 0 AND remaining <= points');

  await qi.createTable('points_ledger', {
    id: idColumn,
    member_id: refColumn(),
    kind: { type: DataTypes.STRING(16), allowNull: false },
    delta: points(),
    frozen_delta: points(),
    balance_after: points(),
    frozen_after: points(),
    ref: { type: DataTypes.STRING(96), allowNull: false },
    lot_id: refColumn(true),
    lot_expires_at: { type: DataTypes.DATE(3), allowNull: true },
    reason: { type: DataTypes.STRING(200), allowNull: false, defaultValue: '' },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('points_ledger', ['member_id', 'id']);
  await addCheck(
    qi,
    sequelize,
    'points_ledger',
    'points_ledger_balances_non_negative',
    'balance_after >= 0 AND frozen_after >= 0',
  );

  await qi.createTable('points_spends', {
    id: idColumn,
    member_id: refColumn(),
    ref: { type: DataTypes.STRING(96), allowNull: false, unique: true },
    points: points(),
    is_refunded: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    ...timestampColumns(),
  });
  await qi.createTable('points_spend_lots', {
    id: idColumn,
    spend_id: refColumn(),
    lot_id: refColumn(),
    points: points(),
  });
  await qi.addIndex('points_spend_lots', ['spend_id']);
}

export async function down({ queryInterface: qi }: MigrationContext) {
  for (const t of ['points_spend_lots', 'points_spends', 'points_ledger', 'points_lots', 'loyalty_accounts'])
    await qi.dropTable(t);
}
