// The member entry (@mall/shared): contracts the mini-program may bundle. Admin contracts live in
// <area>-admin.ts files and are exported from ../admin.ts (@mall/shared/admin) only; see README "Contracts".
export * from './route';
export * from './auth';
export * from './catalog';
export * from './pricing';
export * from './orders';
export * from './payments';
export * from './sharing';
export * from './messages';
export * from './loyalty';
export * from './team';
export * from './profile';
export * from './aftersales';
export * from './fulfilment';
export * from './cart';
export * from './checkout';
export * from './checkout-marketing';
export * from './coupons';
export * from './distribution';
export * from './withdrawals';
export * from './groupbuy';
export * from './ledger';
export * from './flash-sale'; // issue 12
export * from './team-sessions'; // issue 11: team training sessions
export * from './team-growth'; // issue 11: team growth
