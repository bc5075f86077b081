export * from './route';
export * from './auth';
export * from './catalog';
export * from './pricing';
export * from './orders';
export * from './payments';
export * from './admin';
export * from './team';
