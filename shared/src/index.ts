export * from './money';
export * from './transitions';
export * from './statuses';
export * from './pricing';
export * from './contracts';
export * from './specs';
export * from './commission';
