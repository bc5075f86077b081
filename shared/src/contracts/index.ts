export * from './route';
export * from './auth';
export * from './catalog';
export * from './pricing';
export * from './catalog-admin';
export * from './orders';
export * from './payments';
export * from './admin';
export * from './sharing';
export * from './messages';
export * from './inventory';
export * from './loyalty';
export * from './team';
export * from './profile';
export * from './profile-admin';
// issue 10 checkout: cart and quote (member-facing)
export * from './cart';
export * from './checkout';
// issue 10 checkout: shipping-fee templates (admin; moves to @mall/shared/admin with the contract split)
export * from './freight-admin';
