import {
  DataTypes,
  type Model,
  type ModelAttributeColumnOptions,
  type QueryInterface,
  type Sequelize,
} from 'sequelize';

export const idColumn: ModelAttributeColumnOptions = {
  type: DataTypes.INTEGER.UNSIGNED,
  primaryKey: true,
  autoIncrement: true,
  allowNull: false,
};

export const fenColumn = (defaultValue?: number): ModelAttributeColumnOptions => ({
  type: DataTypes.BIGINT,
  allowNull: false,
  ...(defaultValue === undefined ? {} : { defaultValue }),
});

export const refColumn = (allowNull = false): ModelAttributeColumnOptions => ({
  type: DataTypes.INTEGER.UNSIGNED,
  allowNull,
});

export const timestampColumns = (): Record<string, ModelAttributeColumnOptions> => ({
  created_at: { type: DataTypes.DATE(3), allowNull: false },
  updated_at: { type: DataTypes.DATE(3), allowNull: false },
});

/**
 * CHECK constraints on MySQL/MariaDB, where the database has the last word on invariants such as
 * "stock never goes negative". SQLite cannot add one to an existing table; there the conditional updates hold it.
 */
export async function addCheck(qi: QueryInterface, sequelize: Sequelize, table: string, name: string, expr: string) {
  if (sequelize.getDialect() !== 'mysql') return;
  await qi.sequelize.query(`ALTER TABLE \`${table}\` ADD CONSTRAINT \`${name}\` CHECK (${expr})`);
}

/** Model attribute for an amount in fen: BIGINT in the database, a plain number in code (amounts stay far below 2^53). */
export function fenAttribute(key: string) {
  return {
    type: DataTypes.BIGINT,
    allowNull: false,
    get(this: Model): number {
      return Number(this.getDataValue(key as never));
    },
  };
}

/**
 * Model attributes for an unsigned auto-increment id and millisecond timestamps. Fresh objects on each call:
 * Sequelize writes into attribute definitions, so models must not share them.
 */
export const idAttribute = () => ({ type: DataTypes.INTEGER.UNSIGNED, primaryKey: true, autoIncrement: true });
export const timestampAttributes = () => ({ createdAt: DataTypes.DATE(3), updatedAt: DataTypes.DATE(3) });
