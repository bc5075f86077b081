import type { Model, ModelOptions, Transaction } from 'sequelize';
import { cacheBus } from './invalidation-bus';

type TxOptions = { transaction?: Transaction | null };

/**
 * Model hooks (for `Model.init(..., { hooks })`) that announce every committed write to a table on the
 * invalidation bus: a row written through the model names its key, a bulk write names none (everything). Written
 * once beside the model, so no writer of the table can forget to announce. Raw SQL and `Model.increment` run no
 * hooks: their writers announce themselves.
 */
export function announceWrites<M extends Model>(
  topic: string,
  keyOf: (row: M) => string | number,
): ModelOptions<M>['hooks'] {
  const one = (row: M, options: TxOptions) => cacheBus.publishAfterCommit(options.transaction, topic, [keyOf(row)]);
  const all = (options: TxOptions) => cacheBus.publishAfterCommit(options.transaction, topic, null);
  return {
    afterCreate: one,
    afterUpdate: one,
    afterDestroy: one,
    afterBulkCreate: (_rows: readonly M[], options: TxOptions) => all(options),
    afterBulkUpdate: all,
    afterBulkDestroy: all,
  };
}
