export * from './normalize-item.js';
export * from './enrich.js';
export * from './enrich-input.js';
