import { fenColumn, idColumn, refColumn, timestampColumns } from '../../../platform/db/columns';
import type { MigrationContext } from '../../../platform/db/migrate';

const counter = (DataTypes: MigrationContext['DataTypes']) => ({
  type: DataTypes.INTEGER,
  allowNull: false,
  defaultValue: 0,
});

export async function up({ queryInterface: qi, DataTypes }: MigrationContext) {
  // one row per share a member made; share_id travels in links and wxacode scenes
  await qi.createTable('promotion_shares', {
    id: idColumn,
    share_id: { type: DataTypes.STRING(10), allowNull: false, unique: true },
    member_id: refColumn(),
    channel: { type: DataTypes.STRING(16), allowNull: false },
    page: { type: DataTypes.STRING(64), allowNull: false },
    product_id: refColumn(true),
    ...timestampColumns(),
  });
  await qi.addIndex('promotion_shares', ['member_id', 'id']);

  // an open counts once per visitor, share and day: the unique key is the dedupe ('' when no share id came)
  await qi.createTable('promotion_opens', {
    id: idColumn,
    promoter_id: refColumn(),
    share_key: { type: DataTypes.STRING(10), allowNull: false, defaultValue: '' },
    visitor_id: { type: DataTypes.STRING(64), allowNull: false },
    day: { type: DataTypes.STRING(10), allowNull: false },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('promotion_opens', ['promoter_id', 'share_key', 'visitor_id', 'day'], {
    unique: true,
    name: 'promotion_opens_once_a_day',
  });

  // what was attributed to whom: one row per business fact (kind + subject), so a redelivered event adds nothing
  await qi.createTable('promotion_attributions', {
    id: idColumn,
    promoter_id: refColumn(),
    kind: { type: DataTypes.STRING(16), allowNull: false },
    subject_key: { type: DataTypes.STRING(64), allowNull: false },
    member_id: refColumn(),
    order_id: refColumn(true),
    amount_fen: fenColumn(0),
    day: { type: DataTypes.STRING(10), allowNull: false },
    ...timestampColumns(),
  });
  await qi.addIndex('promotion_attributions', ['kind', 'subject_key'], {
    unique: true,
    name: 'promotion_attributions_once',
  });
  await qi.addIndex('promotion_attributions', ['promoter_id', 'day']);

  // per promoter per day, kept current in the same transaction as each ledger row above
  await qi.createTable('promotion_daily_stats', {
    id: idColumn,
    promoter_id: refColumn(),
    day: { type: DataTypes.STRING(10), allowNull: false },
    shares: counter(DataTypes),
    opens: counter(DataTypes),
    new_members: counter(DataTypes),
    paid_orders: counter(DataTypes),
    paid_fen: fenColumn(0),
    refunded_orders: counter(DataTypes),
    refunded_fen: fenColumn(0),
    ...timestampColumns(),
  });
  await qi.addIndex('promotion_daily_stats', ['promoter_id', 'day'], {
    unique: true,
    name: 'promotion_daily_stats_promoter_day',
  });
  await qi.addIndex('promotion_daily_stats', ['day']);
}

export async function down({ queryInterface: qi }: MigrationContext) {
  for (const table of ['promotion_daily_stats', 'promotion_attributions', 'promotion_opens', 'promotion_shares'])
    await qi.dropTable(table);
}
