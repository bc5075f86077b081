import { addCheck, fenColumn, idColumn, refColumn, timestampColumns } from '../../../platform/db/columns';
import type { MigrationContext } from '../../../platform/db/migrate';

/**
 * Coupons (issue 12, 优惠券). A template says what comes off (amount, or percent with a cap), from what threshold,
 * on which lines, for how long, how many in all (total_budget, counted by `issued`) and per member. The budget holds
 * under concurrency by a conditional `issued = issued + 1 WHERE issued < total_budget` in the claim's transaction,
 * and the CHECK below has the last word. coupon_holdings counts what each member received of a template (the
 * per-member limit, held by the same kind of conditional update). member_coupons is one coupon a member holds; its
 * (template, member, source_key) key makes every grant, gift and perk idempotent by its business key.
 */
export async function up({ queryInterface: qi, sequelize, DataTypes }: MigrationContext) {
  await qi.createTable('coupon_templates', {
    id: idColumn,
    name: { type: DataTypes.STRING(60), allowNull: false },
    kind: { type: DataTypes.STRING(8), allowNull: false },
    amount_off_fen: { type: DataTypes.BIGINT, allowNull: true },
    percent_off_bps: { type: DataTypes.INTEGER, allowNull: true },
    max_off_fen: { type: DataTypes.BIGINT, allowNull: true },
    threshold_fen: fenColumn(0),
    scope: { type: DataTypes.STRING(12), allowNull: false },
    /** JSON array of product or category ids; [] for scope all. */
    scope_ids_json: { type: DataTypes.STRING(2000), allowNull: false },
    validity_kind: { type: DataTypes.STRING(8), allowNull: false },
    valid_from: { type: DataTypes.DATE(3), allowNull: true },
    valid_until: { type: DataTypes.DATE(3), allowNull: true },
    valid_days: { type: DataTypes.INTEGER, allowNull: true },
    total_budget: { type: DataTypes.INTEGER, allowNull: false },
    issued: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    per_member_limit: { type: DataTypes.INTEGER, allowNull: false },
    is_claimable: { type: DataTypes.BOOLEAN, allowNull: false },
    is_new_member_gift: { type: DataTypes.BOOLEAN, allowNull: false },
    perk_level_code: { type: DataTypes.STRING(32), allowNull: true },
    returns_on_refund: { type: DataTypes.BOOLEAN, allowNull: false },
    stacks_with_promotions: { type: DataTypes.BOOLEAN, allowNull: false },
    status: { type: DataTypes.STRING(8), allowNull: false },
    ...timestampColumns(),
  });
  await qi.addIndex('coupon_templates', ['status', 'id']);
  await addCheck(
    qi,
    sequelize,
    'coupon_templates',
    'coupon_templates_budget',
    'issued >= 0 AND issued <= total_budget',
  );

  await qi.createTable('coupon_holdings', {
    template_id: { ...refColumn(), primaryKey: true },
    member_id: { ...refColumn(), primaryKey: true },
    received: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
  });

  await qi.createTable('member_coupons', {
    id: idColumn,
    template_id: refColumn(),
    member_id: refColumn(),
    source: { type: DataTypes.STRING(12), allowNull: false },
    /** claim:<n> (the member's n-th of this template), grant:<requestId>, joined, level:<code>. */
    source_key: { type: DataTypes.STRING(80), allowNull: false },
    /** The distributor whose shared link the claim came from. */
    sharer_id: refColumn(true),
    status: { type: DataTypes.STRING(10), allowNull: false },
    starts_at: { type: DataTypes.DATE(3), allowNull: false },
    expires_at: { type: DataTypes.DATE(3), allowNull: false },
    order_no: { type: DataTypes.STRING(20), allowNull: true },
    used_at: { type: DataTypes.DATE(3), allowNull: true },
    /** What it took off the order that used it. */
    saving_fen: { type: DataTypes.BIGINT, allowNull: true },
    /** What that order paid (GMV driven), once paid. */
    order_paid_fen: { type: DataTypes.BIGINT, allowNull: true },
    ...timestampColumns(),
  });
  await qi.addIndex('member_coupons', ['template_id', 'member_id', 'source_key'], {
    unique: true,
    name: 'member_coupons_source',
  });
  await qi.addIndex('member_coupons', ['member_id', 'status', 'expires_at']);
  await qi.addIndex('member_coupons', ['order_no']);
  await qi.addIndex('member_coupons', ['template_id', 'status']);
  await qi.addIndex('member_coupons', ['status', 'expires_at']);
}

export async function down({ queryInterface: qi }: MigrationContext) {
  await qi.dropTable('member_coupons');
  await qi.dropTable('coupon_holdings');
  await qi.dropTable('coupon_templates');
}
