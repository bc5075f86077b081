import type { Transaction } from 'sequelize';
import type { PricingLevel } from '@mall/shared';
import type { PlatformDeps } from '../../platform/deps';

/**
 * The member level ladder as pricing needs it (a port): pricing does not import the module that owns levels.
 * The composition root supplies it (services.ts), today from members' door, later from loyalty's
 * (`listLevels(tx?)`, `levelOf(memberId, tx?)`).
 */
export interface LevelLadder {
  /** Every level, lowest rank first. */
  listLevels(tx?: Transaction): Promise<PricingLevel[]>;
  /** The member's current level. */
  levelOf(memberId: number, tx?: Transaction): Promise<PricingLevel>;
}

/** Pricing's dependencies beyond the platform. */
export type PricingModuleDeps = PlatformDeps & { levelLadder: LevelLadder };
