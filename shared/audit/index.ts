export * from './canonical';
export * from './checkpoint';
export * from './encoding';
export * from './log-verifier';
export * from './merkle';
export * from './note';
export * from './entry';
