import type { WirestreamConfig } from '@wirestream/contract';
import { KafkaGateway, createLogger, createRedis, onShutdown, startOpsServer } from '@wirestream/runtime';
import { createEnrichmentDeps } from '@wirestream/runtime/enrichment';
import { Enricher } from './enricher.js';
import { enricherRegistry } from './metrics.js';

/**
 * The enricher as a long-running worker. On SIGINT/SIGTERM the consumer finishes its chunk and
 * commits (in its transaction, exactly-once), the producers flush, and connections close; a second
 * signal exits at once.
 */
export async function runEnricherWorker(config: WirestreamConfig): Promise<void> {
  const logger = createLogger(config.log.level).child({ worker: 'enricher' });
  const kafka = new KafkaGateway(config.kafka, logger);
  await kafka.ensureTopics();
  const redis = createRedis(config.redis, logger);
  await redis.connect();
  const producer = await kafka.connectProducer();
  const enricher = new Enricher({
    config,
    logger,
    kafka,
    producer,
    enrichment: createEnrichmentDeps(config, redis),
  });
  await enricher.start();
  const ops =
    config.metrics.port > 0
      ? await startOpsServer({
          port: config.metrics.port,
          registries: [enricherRegistry],
          ready: () => redis.status === 'ready',
          logger,
        })
      : null;
  onShutdown(logger, async () => {
    await enricher.stop();
    await producer.disconnect();
    await redis.quit();
    await ops?.close();
  });
  logger.info({ groupId: config.enricher.groupId, delivery: config.enricher.delivery }, 'enricher running');
}
