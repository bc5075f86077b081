import { flowsModule } from './flows';
import { adminModule } from './modules/admin';
import { catalogModule, inventoryModule } from './modules/catalog';
import { loyaltyModule } from './modules/loyalty';
import { membersModule } from './modules/members';
import { messagesModule } from './modules/messages';
import { ordersModule } from './modules/orders';
import { paymentsModule } from './modules/payments';
import { pricingModule } from './modules/pricing';
import { sharingModule } from './modules/sharing';
import { teamModule } from './modules/team';

/**
 * Every business module, in the order their models are initialised (inventory after the catalog). The api
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
  flowsModule,
] as const;
