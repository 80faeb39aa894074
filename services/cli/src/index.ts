export * from './program.js';
export * from './pipeline.js';
export * from './feed-server.js';
export * from './commands/enrich.js';
export * from './commands/start.js';
export * from './commands/tail.js';
export * from './services.js';
export * from './commands/status.js';
