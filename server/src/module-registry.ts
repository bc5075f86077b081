import { adminModule } from './modules/admin';
import { aftersalesModule } from './modules/aftersales';
import { catalogModule } from './modules/catalog';
import { inventoryModule } from './modules/inventory';
import { loyaltyModule } from './modules/loyalty';
import { membersModule } from './modules/members';
import { messagesModule } from './modules/messages';
import { ordersModule } from './modules/orders';
import { paymentsModule } from './modules/payments';
import { pricingModule } from './modules/pricing';
import { sharingModule } from './modules/sharing';
import { teamModule } from './modules/team';
import { fulfilmentModule } from './modules/fulfilment';
// issue 10 checkout: cart and shipping-fee templates
import { cartModule } from './modules/cart';
import { freightModule } from './modules/freight';
// issue 11: the money journal
import { ledgerModule } from './modules/ledger';
import { distributionModule } from './modules/distribution';
import { reconciliationModule } from './modules/reconciliation';
import { withdrawalsModule } from './modules/withdrawals';
import { reportsModule } from './modules/reports';
import { groupbuyModule } from './modules/groupbuy'; // issue 12: group-buy
// issue 12: discount activities, 满减 and member segments
import { promotionsModule } from './modules/promotions';
import { segmentsModule } from './modules/segments';
// issue 12: coupons
import { couponsModule } from './modules/coupons';
import { flashSaleModule } from './modules/flashsale';
import { trainingsModule } from './modules/trainings'; // issue 11: team training sessions
import { teamGrowthModule } from './modules/teamgrowth'; // issue 11: team growth
import { campaignViewsModule } from './modules/campaignviews';
import { flowsModule } from './flows';

/**
 * Every business module, in the order their models are initialised (flows last). The api
 * mounts their routes, the worker subscribes their listeners and starts their jobs: one line per module.
 */
export const MODULES = [
  membersModule,
  adminModule,
  catalogModule,
  inventoryModule,
  pricingModule,
  ordersModule,
  paymentsModule,
  sharingModule,
  messagesModule,
  teamModule,
  loyaltyModule,
  aftersalesModule,
  fulfilmentModule, // issue 10
  // issue 10 checkout
  cartModule,
  freightModule,
  ledgerModule, // issue 11
  distributionModule,
  reconciliationModule, // issue 10: daily payment reconciliation
  withdrawalsModule, // issue 11: withdrawals and payouts
  reportsModule, // issue 11: finance reports and exports
  groupbuyModule, // issue 12: group-buy (拼团)
  promotionsModule, // issue 12
  segmentsModule, // issue 12
  couponsModule, // issue 12: coupons
  flashSaleModule, // issue 12: flash sale (秒杀)
  trainingsModule, // issue 11: team training sessions (团队培训)
  teamGrowthModule, // issue 11: referral purchase rewards, team rankings
  campaignViewsModule, // issue 12: campaign views (effect tracking)
  flowsModule,
] as const;
