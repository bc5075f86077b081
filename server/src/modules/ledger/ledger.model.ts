import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { fenAttribute, idAttribute } from '../../platform/db/columns';

export class LedgerAccount extends Model<InferAttributes<LedgerAccount>, InferCreationAttributes<LedgerAccount>> {
  declare id: CreationOptional<number>;
  declare code: string;
  declare kind: string;
  declare memberId: number | null;
  declare balanceFen: CreationOptional<number>;
  declare allowNegative: boolean;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class LedgerTransaction extends Model<
  InferAttributes<LedgerTransaction>,
  InferCreationAttributes<LedgerTransaction>
> {
  declare id: CreationOptional<number>;
  declare idempotencyKey: string;
  declare kind: string;
  declare memo: string | null;
  declare subjectType: string | null;
  declare subjectId: string | null;
  declare createdAt: CreationOptional<Date>;
}

export class LedgerEntry extends Model<InferAttributes<LedgerEntry>, InferCreationAttributes<LedgerEntry>> {
  declare id: CreationOptional<number>;
  declare transactionId: number;
  declare accountId: number;
  declare amountFen: number;
  declare balanceAfterFen: number;
  declare createdAt: CreationOptional<Date>;
}

export function initLedgerModels(sequelize: Sequelize) {
  // a fresh object per attribute: Sequelize writes into the definitions it is given
  const ref = () => ({ type: DataTypes.INTEGER.UNSIGNED, allowNull: false });
  LedgerAccount.init(
    {
      id: idAttribute(),
      code: { type: DataTypes.STRING(64), allowNull: false },
      kind: { type: DataTypes.STRING(32), allowNull: false },
      memberId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: true },
      balanceFen: { ...fenAttribute('balanceFen'), defaultValue: 0 },
      allowNegative: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      createdAt: DataTypes.DATE(3),
      updatedAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'ledger_accounts', underscored: true },
  );
  LedgerTransaction.init(
    {
      id: idAttribute(),
      idempotencyKey: { type: DataTypes.STRING(128), allowNull: false },
      kind: { type: DataTypes.STRING(40), allowNull: false },
      memo: { type: DataTypes.STRING(200), allowNull: true },
      subjectType: { type: DataTypes.STRING(32), allowNull: true },
      subjectId: { type: DataTypes.STRING(64), allowNull: true },
      createdAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'ledger_transactions', underscored: true, updatedAt: false },
  );
  LedgerEntry.init(
    {
      id: idAttribute(),
      transactionId: ref(),
      accountId: ref(),
      amountFen: fenAttribute('amountFen'),
      balanceAfterFen: fenAttribute('balanceAfterFen'),
      createdAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'ledger_entries', underscored: true, updatedAt: false },
  );
}
