export * from './config.js';
export * from './logger.js';
export * from './metrics.js';
export * from './kafka.js';
export * from './redis.js';
export * from './shutdown.js';
export * from './stable-offsets.js';
export * from './version.js';
