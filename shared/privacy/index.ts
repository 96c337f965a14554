export * from './case-text';
export * from './checks';
export * from './mask';
