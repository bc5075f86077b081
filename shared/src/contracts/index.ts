export * from './route';
export * from './auth';
export * from './catalog';
export * from './catalog-admin';
export * from './orders';
export * from './payments';
export * from './admin';
export * from './team';
