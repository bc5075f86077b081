import { idColumn, refColumn, timestampColumns } from '../../../platform/db/columns';
import type { MigrationContext } from '../../../platform/db/migrate';

export async function up({ queryInterface: qi, DataTypes }: MigrationContext) {
  await qi.createTable('team_notices', {
    id: idColumn,
    sender_id: refColumn(),
    title: { type: DataTypes.STRING(40), allowNull: false },
    body: { type: DataTypes.STRING(400), allowNull: false },
    recipient_count: { type: DataTypes.INTEGER, allowNull: false },
    fanned_out_at: { type: DataTypes.DATE(3), allowNull: true },
    ...timestampColumns(),
  });
  await qi.addIndex('team_notices', ['sender_id', 'id']);

  // the inbox: one row per recipient; a notice reaches a member once (unique notice_id + member_id)
  await qi.createTable('messages', {
    id: idColumn,
    member_id: refColumn(),
    kind: { type: DataTypes.STRING(16), allowNull: false },
    title: { type: DataTypes.STRING(40), allowNull: false },
    body: { type: DataTypes.STRING(400), allowNull: false },
    sender_name: { type: DataTypes.STRING(64), allowNull: true },
    notice_id: refColumn(true),
    read_at: { type: DataTypes.DATE(3), allowNull: true },
    ...timestampColumns(),
  });
  await qi.addIndex('messages', ['notice_id', 'member_id'], { unique: true, name: 'messages_notice_once' });
  await qi.addIndex('messages', ['member_id', 'id']);
  await qi.addIndex('messages', ['member_id', 'read_at']);

  // one-time subscribe-message grants a member gave (each "accept" in wx.requestSubscribeMessage is one)
  await qi.createTable('subscribe_grants', {
    id: idColumn,
    member_id: refColumn(),
    template_id: { type: DataTypes.STRING(64), allowNull: false },
    remaining: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    refused_at: { type: DataTypes.DATE(3), allowNull: true },
    ...timestampColumns(),
  });
  await qi.addIndex('subscribe_grants', ['member_id', 'template_id'], { unique: true, name: 'subscribe_grants_once' });

  await qi.createTable('subscribe_deliveries', {
    id: idColumn,
    notice_id: refColumn(),
    member_id: refColumn(),
    template_id: { type: DataTypes.STRING(64), allowNull: false },
    status: { type: DataTypes.STRING(16), allowNull: false },
    errcode: { type: DataTypes.INTEGER, allowNull: true },
    ...timestampColumns(),
  });
  await qi.addIndex('subscribe_deliveries', ['notice_id', 'member_id'], {
    unique: true,
    name: 'subscribe_deliveries_once',
  });
}

export async function down({ queryInterface: qi }: MigrationContext) {
  for (const table of ['subscribe_deliveries', 'subscribe_grants', 'messages', 'team_notices'])
    await qi.dropTable(table);
}
