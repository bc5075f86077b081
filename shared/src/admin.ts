// The admin entry (@mall/shared/admin): contracts of /api/admin/* routes and the schemas only they use. The server
// imports it; the mini-program never does, so none of this ships to phones (check:weapp fails if it did).
export * from './contracts/aftersales-admin';
export * from './contracts/audit-admin';
export * from './contracts/auth-admin';
export * from './contracts/catalog-admin';
export * from './contracts/fulfilment-admin';
export * from './contracts/freight-admin';
export * from './contracts/inventory-admin';
export * from './contracts/loyalty-admin';
export * from './contracts/orders-admin';
export * from './contracts/payments-admin';
export * from './contracts/pricing-admin';
export * from './contracts/profile-admin';
export * from './contracts/reconciliation-admin';
export * from './contracts/sharing-admin';
export * from './contracts/team-admin';
export * from './contracts/distribution-admin';
export * from './contracts/withdrawals-admin';
export * from './contracts/reports-admin';
export * from './contracts/groupbuy-admin'; // issue 12: group-buy
export * from './contracts/promotions-admin';
export * from './contracts/segments-admin';
export * from './contracts/coupons-admin';
export * from './contracts/flash-sale-admin'; // issue 12
export * from './contracts/team-sessions-admin'; // issue 11: team training sessions
export * from './contracts/team-growth-admin'; // issue 11: team growth
export * from './contracts/campaign-effects-admin'; // issue 12: views and stats exports
