export * from './ids.js';
export * from './minhash.js';
export * from './decide.js';
export * from './memory-index.js';
export * from './step.js';
