import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { StockAlertStatus, StockMovementKind } from '@mall/shared';
import { idAttribute, timestampAttributes } from '../../platform/db/columns';

/**
 * One row per SKU in `sku_stocks`, owned by inventory alone (the catalog's `skus` keeps specs and prices).
 * Every change of the counts goes through applyMovement, so the ledger always explains them. `id` is the
 * SKU's id; `productId` is copied at creation (a SKU never changes product) for alerts and batch reads.
 */
export class SkuStock extends Model<InferAttributes<SkuStock>, InferCreationAttributes<SkuStock>> {
  declare id: number;
  declare productId: number;
  /** Available to sell. */
  declare stock: number;
  /** Held by unpaid orders. */
  declare reserved: number;
  declare sold: number;
  declare lowStockThreshold: number | null;
  declare stockCap: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class StockLedgerEntry extends Model<
  InferAttributes<StockLedgerEntry>,
  InferCreationAttributes<StockLedgerEntry>
> {
  declare id: CreationOptional<number>;
  declare skuId: number;
  declare kind: StockMovementKind;
  /** Signed change of `stock` (available). */
  declare quantity: number;
  /** Signed change of `reserved`. */
  declare reservedDelta: number;
  declare balanceAfter: number;
  declare reservedAfter: number;
  declare reason: string;
  /** admin:<username>, member:<id> or system:<job>. */
  declare operator: string;
  /** Business reference: order number, import batch, purchase order, request id. */
  declare ref: string;
  declare createdAt: CreationOptional<Date>;
}

export class StockAlert extends Model<InferAttributes<StockAlert>, InferCreationAttributes<StockAlert>> {
  declare id: CreationOptional<number>;
  declare skuId: number;
  declare productId: number;
  declare ledgerEntryId: number;
  declare threshold: number;
  declare stockAfter: number;
  declare status: StockAlertStatus;
  declare acknowledgedBy: string | null;
  declare acknowledgedAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

const int = (allowNull = false) => ({ type: DataTypes.INTEGER, allowNull });
const unsigned = () => ({ type: DataTypes.INTEGER.UNSIGNED, allowNull: false });

export function initStockModels(sequelize: Sequelize) {
  SkuStock.init(
    {
      id: { type: DataTypes.INTEGER.UNSIGNED, primaryKey: true, field: 'sku_id' },
      productId: unsigned(),
      stock: int(),
      reserved: { ...int(), defaultValue: 0 },
      sold: { ...int(), defaultValue: 0 },
      lowStockThreshold: int(true),
      stockCap: int(true),
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'sku_stocks', underscored: true },
  );
  StockLedgerEntry.init(
    {
      id: idAttribute(),
      skuId: unsigned(),
      kind: { type: DataTypes.STRING(16), allowNull: false },
      quantity: int(),
      reservedDelta: int(),
      balanceAfter: int(),
      reservedAfter: int(),
      reason: { type: DataTypes.STRING(200), allowNull: false },
      operator: { type: DataTypes.STRING(64), allowNull: false },
      ref: { type: DataTypes.STRING(80), allowNull: false },
      createdAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'stock_ledger', underscored: true, updatedAt: false },
  );
  StockAlert.init(
    {
      id: idAttribute(),
      skuId: unsigned(),
      productId: unsigned(),
      ledgerEntryId: unsigned(),
      threshold: int(),
      stockAfter: int(),
      status: { type: DataTypes.STRING(16), allowNull: false },
      acknowledgedBy: { type: DataTypes.STRING(64), allowNull: true },
      acknowledgedAt: { type: DataTypes.DATE(3), allowNull: true },
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'stock_alerts', underscored: true },
  );
}
