// The CLI assembles the workers; tests and benchmarks drive the same assembly through these.
export { buildProgram } from './program.js';
export { openPipeline, waitForDrain, type Pipeline } from './pipeline.js';
export {
  SAMPLES_PORT,
  sampleFiles,
  startFeedServer,
  startSampleServer,
  type FeedServer,
  type FeedServerOptions,
} from './feed-server.js';
export { ensureKafka, ensureRedis } from './services.js';
export { statusCommand, type StatusIo, type StatusOptions } from './commands/status.js';
