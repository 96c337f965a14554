export * from './primitives';
export * from './taxonomy';
export * from './staff';
export * from './decisions';
export * from './cases';
export * from './refusals';
export * from './reveal';
export * from './escalation';
