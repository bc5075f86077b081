import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { TeamSessionAudience, TeamSessionSignupStatus, TeamSessionStatus } from '@mall/shared';
import { idAttribute, timestampAttributes } from '../../platform/db/columns';

export class TeamSession extends Model<InferAttributes<TeamSession>, InferCreationAttributes<TeamSession>> {
  declare id: CreationOptional<number>;
  declare leaderId: number;
  declare title: string;
  declare description: string;
  declare startsAt: Date;
  declare endsAt: Date;
  declare signupDeadline: Date;
  declare place: string | null;
  declare onlineUrl: string | null;
  declare capacity: number | null;
  declare audience: TeamSessionAudience;
  declare status: TeamSessionStatus;
  declare signedUpCount: CreationOptional<number>;
  declare cancelReason: CreationOptional<string | null>;
  /** `member:<id>` (the leader) or `admin:<username>`. */
  declare cancelledBy: CreationOptional<string | null>;
  declare cancelledAt: CreationOptional<Date | null>;
  declare finishedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class TeamSessionSignup extends Model<
  InferAttributes<TeamSessionSignup>,
  InferCreationAttributes<TeamSessionSignup>
> {
  declare id: CreationOptional<number>;
  declare sessionId: number;
  declare memberId: number;
  declare level: 1 | 2;
  declare status: TeamSessionSignupStatus;
  declare signedUpAt: Date;
  declare cancelledAt: CreationOptional<Date | null>;
  declare markedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

const ref = () => ({ type: DataTypes.INTEGER.UNSIGNED, allowNull: false });
const at = (allowNull = false) => ({ type: DataTypes.DATE(3), allowNull });

export function initTrainingModels(sequelize: Sequelize) {
  TeamSession.init(
    {
      id: idAttribute(),
      leaderId: ref(),
      title: { type: DataTypes.STRING(30), allowNull: false },
      description: { type: DataTypes.TEXT, allowNull: false },
      startsAt: at(),
      endsAt: at(),
      signupDeadline: at(),
      place: { type: DataTypes.STRING(120), allowNull: true },
      onlineUrl: { type: DataTypes.STRING(300), allowNull: true },
      capacity: { type: DataTypes.INTEGER, allowNull: true },
      audience: { type: DataTypes.STRING(8), allowNull: false },
      status: { type: DataTypes.STRING(12), allowNull: false },
      signedUpCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      cancelReason: { type: DataTypes.STRING(200), allowNull: true },
      cancelledBy: { type: DataTypes.STRING(80), allowNull: true },
      cancelledAt: at(true),
      finishedAt: at(true),
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'team_sessions', underscored: true },
  );
  TeamSessionSignup.init(
    {
      id: idAttribute(),
      sessionId: ref(),
      memberId: ref(),
      level: { type: DataTypes.TINYINT, allowNull: false },
      status: { type: DataTypes.STRING(12), allowNull: false },
      signedUpAt: at(),
      cancelledAt: at(true),
      markedAt: at(true),
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'team_session_signups', underscored: true },
  );
}
