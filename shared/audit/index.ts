export * from './checkpoint';
export * from './encoding';
export * from './merkle';
export * from './note';
