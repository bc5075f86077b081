export * from './route';
export * from './auth';
export * from './catalog';
export * from './orders';
export * from './payments';
export * from './admin';
export * from './promotion';
export * from './messages';
