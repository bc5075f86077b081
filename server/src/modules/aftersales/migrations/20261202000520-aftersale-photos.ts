import { idColumn, refColumn } from '../../../platform/db/columns';
import type { MigrationContext } from '../../../platform/db/migrate';

/**
 * The photos each member uploaded for after-sales: a request may show only its member's own uploads (a URL copied
 * from someone else's request, or from anywhere else, is refused).
 */
export async function up({ queryInterface: qi, DataTypes }: MigrationContext) {
  await qi.createTable('aftersale_photos', {
    id: idColumn,
    member_id: refColumn(),
    url: { type: DataTypes.STRING(200), allowNull: false },
    content_type: { type: DataTypes.STRING(32), allowNull: false },
    bytes: { type: DataTypes.INTEGER, allowNull: false },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('aftersale_photos', ['member_id', 'url'], { unique: true, name: 'aftersale_photos_member_url' });
  await qi.addIndex('aftersale_photos', ['member_id', 'created_at'], { name: 'aftersale_photos_member_time' });
}

export async function down({ queryInterface: qi }: MigrationContext) {
  await qi.dropTable('aftersale_photos');
}
