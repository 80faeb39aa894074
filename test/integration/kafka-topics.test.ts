import { describe, expect, it } from 'vitest';
import { TOPICS } from '@wirestream/contract';
import { KafkaGateway, createLogger } from '@wirestream/runtime';
import { uniquePrefix } from '../harness/services.js';
import { testConfig } from '../support/config.js';

const logger = createLogger('silent');

describe('KafkaGateway.ensureTopics', () => {
  // Workers started together (the fetcher and enricher of `start`, a scaled-out deployment) each
  // create the registry's topics; whoever loses the race must wait for the topics, not exit.
  // A broker answers UNKNOWN_TOPIC_OR_PARTITION for a moment after creating a topic, so one round
  // can pass by luck: several rounds, each on topics of its own.
  it.each([1, 2, 3, 4, 5])(
    'lets four workers create the same new topics at once, and all find them ready (round %i)',
    async () => {
      const config = testConfig(uniquePrefix('ensure-topics'));
      const gateways = [0, 1, 2, 3].map(() => new KafkaGateway(config.kafka, logger));
      const results = await Promise.all(gateways.map((g) => g.ensureTopics()));

      const names = TOPICS.map((t) => gateways[0]!.topic(t));
      const created = results.flatMap((r) => r.created);
      // Each topic was found missing by at least one worker, and every worker returned only once it was usable.
      expect(new Set(created)).toEqual(new Set(names));

      const admin = gateways[0]!.admin();
      await admin.connect();
      try {
        const { topics } = await admin.fetchTopicMetadata({ topics: names });
        for (const spec of TOPICS) {
          const topic = topics.find((t) => t.name === gateways[0]!.topic(spec))!;
          expect(topic.partitions).toHaveLength(spec.partitions);
          expect(topic.partitions.every((p) => p.leader >= 0)).toBe(true);
        }
      } finally {
        await admin.disconnect();
      }

      // A second call finds them all and creates nothing.
      const again = await gateways[1]!.ensureTopics();
      expect(again.created).toEqual([]);
      expect(new Set(again.existing)).toEqual(new Set(names));
    },
  );
});
