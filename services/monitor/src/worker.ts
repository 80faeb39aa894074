import type { WirestreamConfig } from '@wirestream/contract';
import { createLogger, onShutdown } from '@wirestream/runtime';
import { startMonitor } from './monitor.js';

/**
 * `wirestream monitor`: the monitor as a long-running process until SIGINT/SIGTERM. The port is the
 * option, else config.metrics.port, else 9103 (a monitor without its page is of no use).
 */
export async function runMonitorWorker(
  config: WirestreamConfig,
  options: { port?: number; feeds?: string; interval?: number } = {},
): Promise<void> {
  const logger = createLogger(config.log.level).child({ worker: 'monitor' });
  const monitor = await startMonitor({
    config,
    logger,
    port: options.port ?? (config.metrics.port > 0 ? config.metrics.port : 9103),
    ...(options.feeds ? { feedsFile: options.feeds } : {}),
    ...(options.interval ? { intervalMs: options.interval * 1000 } : {}),
  });
  logger.info({ port: monitor.port }, 'monitor running');
  await new Promise<void>((resolve) => {
    onShutdown(logger, async () => {
      await monitor.close();
      resolve();
    });
  });
}
