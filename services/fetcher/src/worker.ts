import type { WirestreamConfig } from '@wirestream/contract';
import { loadFeedList } from '@wirestream/feeds';
import { KafkaGateway, createLogger, createRedis, onShutdown, startOpsServer } from '@wirestream/runtime';
import { Fetcher } from './fetcher.js';
import { fetcherRegistry } from './metrics.js';
import { watchFeedList } from './watch-feed-list.js';

/**
 * The fetcher as a long-running worker: polls the feed list (YAML or OPML, re-read when the file
 * changes, no restart needed) until SIGINT/SIGTERM, then finishes the polls in flight, flushes and closes.
 */
export async function runFetcherWorker(config: WirestreamConfig, feedsFile: string): Promise<void> {
  const logger = createLogger(config.log.level).child({ worker: 'fetcher' });
  const kafka = new KafkaGateway(config.kafka, logger);
  await kafka.ensureTopics();
  const redis = createRedis(config.redis, logger);
  await redis.connect();
  const producer = await kafka.connectProducer();
  const fetcher = new Fetcher({ config, logger, producer, redis });
  fetcher.setFeeds(loadFeedList(feedsFile));
  const unwatch = watchFeedList(
    feedsFile,
    (feeds) => {
      fetcher.setFeeds(feeds);
      logger.info({ feeds: feeds.length }, 'feed list reloaded');
    },
    (err) => logger.error({ err: err.message }, 'feed list not reloaded: keeping the previous one'),
  );
  const ops =
    config.metrics.port > 0
      ? await startOpsServer({
          port: config.metrics.port,
          registries: [fetcherRegistry],
          ready: () => redis.status === 'ready',
          logger,
        })
      : null;
  const running = fetcher.run((result) => logger.info(result, 'feed polled'));
  onShutdown(logger, async () => {
    unwatch();
    fetcher.stop();
    await running;
    await producer.disconnect();
    await redis.quit();
    await ops?.close();
  });
  logger.info({ feedsFile, replica: fetcher.replicaId }, 'fetcher running');
  await running;
}
