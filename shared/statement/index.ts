export * from './schema';
export * from './describe';
export * from './redress';
export * from './statement';
export * from './notice';
