import { defineModule } from '../../platform/module';
import { commissionInvariants } from './commission-invariants';
import { registerDistributionJobs } from './distribution.jobs';
import { initCommissionOverrideModel } from './commission-override.model';
import { initDistributionModels } from './distribution.model';
import { registerDistributionRoutes } from './distribution.routes';

export { accrueOrderCommission, releaseDueCommissions, reverseForRefund, RELEASE_JOB } from './commission-lifecycle';
export { distributorIdsAmong, distributorOf, type DistributorView } from './distributors';
export { commissionHistoryOf, listCommissions } from './commission-views';
export { currentPolicy, policyInForce } from './policy';
export { autoConfirmStatements, closeStatements, cycleEnd } from './statements';
// issue 11 (finance reports)
export { commissionMovementsBetween, orderIdsEarnedBy, type CommissionMovementView } from './commission-report';

/**
 * Distributors (distributors) and their commissions (commissions, commission_reversals, commission_overrides): accrued frozen when an
 * order is paid, released after receipt plus the after-sales window, reversed per line refund, every movement
 * posted to the ledger. The policy in force (config/distribution.json, or the newest an admin set) passed the
 * compliance guard, at boot or when it was set.
 */
export const distributionModule = defineModule({
  name: 'distribution',
  initModels: (sequelize) => {
    initDistributionModels(sequelize);
    initCommissionOverrideModel(sequelize);
  },
  routes: registerDistributionRoutes,
  jobs: registerDistributionJobs,
  invariants: commissionInvariants,
  permissions: {
    'distribution:read': 'See distributors, applications and commissions',
    'distribution:manage': 'Approve, reject, appoint, freeze distributors and set their grades',
    'distribution:policy': 'Set the distribution policy (checked by the compliance guard)',
    'distribution:settle': 'Close settlement cycles and resolve disputed statements',
  },
});
