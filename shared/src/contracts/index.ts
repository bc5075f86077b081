export * from './route';
export * from './auth';
export * from './catalog';
export * from './orders';
export * from './payments';
export * from './admin';
export * from './loyalty';
export * from './team';
